export * from './model-registry';
export * from './plot-metrics';
