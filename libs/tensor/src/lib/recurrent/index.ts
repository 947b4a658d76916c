export { fusedRecurrence, GATES, type FusedCell, type GateActivation, type RecurrenceInput } from './fused-recurrence';
export { FusedGRU, FusedLSTM, fusedPathBlocker, gruLayer, lstmLayer, registerFusedRecurrentLayers } from './fused-layers';
