import type * as tf from '@tensorflow/tfjs';
import { kernelInputs } from './wasm-scope';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown };

/**
 * Identity (tf.clone, and the copy tfjs-core makes of every tensor a custom gradient saves) as a
 * second reference to the same data, as the cpu and webgl backends and the wasm backend's own
 * Reshape do: tensors are immutable, so sharing is safe. The wasm backend's own kernel copies the
 * data, which for a recurrent layer's saved activations ([T·B, 4H]) costs milliseconds a step.
 */
export function identityWasm(args: KernelArgs): tf.TensorInfo {
  const { x } = kernelInputs(args.inputs, 'Identity', ['x']);
  (args.backend as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}
