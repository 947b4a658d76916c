export * from './imaging-train';
export * from './imaging-models';
export * from './imaging-images';
