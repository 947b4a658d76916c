export * from './combine-models';
