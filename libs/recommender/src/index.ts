// The public API of @pmed/recommender.
export * from './lib/ratings/rating-matrix';
export * from './lib/ratings/rating-file';
export * from './lib/ratings/synthetic';
export * from './lib/baseline/baseline';
export * from './lib/evaluation/cross-validation';
export * from './lib/evaluation/top-n';
export * from './lib/catalogue/types';
export * from './lib/catalogue/conditions';
export * from './lib/safety/drug-safety';
export * from './lib/content/features';
export * from './lib/content/softmax-similarity';
export * from './lib/hybrid/hybrid-model';
export * from './lib/hybrid/recommend';
export * from './lib/hybrid/model-artifact';
export * from './lib/assignment/assignment';
