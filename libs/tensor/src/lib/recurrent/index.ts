export { fusedRecurrence, GATES, setFusedRecurrenceImplementation, type FusedCell, type GateActivation, type RecurrenceInput } from './fused-recurrence';
export { FusedGRU, FusedLSTM, fusedPathBlocker, gruLayer, lstmLayer, registerFusedRecurrentLayers } from './fused-layers';
export { GRU_BACKWARD_KERNEL, GRU_FORWARD_KERNEL } from './wasm-gru';
export { wasmRecurrenceAvailable } from './wasm-heap';
export { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from './wasm-lstm';
