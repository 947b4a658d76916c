export { createRng, type Rng } from './rng';
export { seededInitializers, reinitializeWeights, type SeededInitializers, type Initializer } from './seeded-init';
