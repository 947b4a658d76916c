// The public API of @pmed/tensor. Each topic folder keeps its own index.
export * from './lib/backend/index';
export * from './lib/kernels/index';
export * from './lib/random/index';
export * from './lib/training/index';
export * from './lib/metrics/index';
export * from './lib/artifacts/index';
export * from './lib/models/index';
export * from './lib/recurrent/index';
