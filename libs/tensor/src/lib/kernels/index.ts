export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './register';
export { registerTrainingGradients } from './second-order-gradients';
