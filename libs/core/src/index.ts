export const PMED_VERSION = '0.1.0';
export * from './lib/errors';
export * from './lib/config';
