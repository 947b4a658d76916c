// One @tensorflow/tfjs instance for every lib: import `tf` from here, never from the package.
export * as tf from '@tensorflow/tfjs';
export { BACKEND_CHOICES, currentBackend, selectBackend } from './select-backend';
export type { BackendAttempt, BackendInfo, BackendName, SelectBackendOptions } from './select-backend';
