export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './register';
export { disableSecondOrderGradients, enableSecondOrderGradients, registerTrainingGradients } from './second-order-gradients';
