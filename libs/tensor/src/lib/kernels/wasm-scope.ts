import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
// Concat takes its inputs as an array; every other kernel takes a name map.
type Inputs = Record<string, TensorInfo> | TensorInfo[];
type Attrs = Record<string, unknown>;

/** The part of the wasm backend the composed kernels use. */
export interface WasmBackendLike {
  disposeData(dataId: object): boolean;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Runs wasm kernels directly (no tensors, no tape) and frees every intermediate result when
 * closed, so a composed kernel leaves nothing behind but its output.
 */
export class WasmKernelScope {
  private readonly temps: TensorInfo[] = [];

  constructor(readonly backend: WasmBackendLike) {}

  run(kernelName: string, inputs: Inputs, attrs: Attrs = {}): TensorInfo {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (!kernel) throw new Error(`wasm kernel ${kernelName} is not registered`);
    const result = kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, attrs: attrs as tf.NamedAttrMap, backend: this.backend });
    const out = Array.isArray(result) ? result[0] : result;
    this.temps.push(out);
    return out;
  }

  /** Frees `info` with this scope, for results of kernels called outside run(). */
  adopt(info: TensorInfo): TensorInfo {
    this.temps.push(info);
    return info;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Hands `info` to the caller: it is no longer freed by close(). */
  keep(info: TensorInfo): TensorInfo {
    const index = this.temps.lastIndexOf(info);
    if (index >= 0) this.temps.splice(index, 1);
    return info;
  }

  close(): void {
    for (const info of this.temps.splice(0)) this.backend.disposeData(info.dataId);
  }
}

/** Runs `body` in a fresh scope and returns the kept output; intermediates are always freed. */
export function withWasmScope(backend: unknown, body: (scope: WasmKernelScope) => TensorInfo): TensorInfo {
  const scope = new WasmKernelScope(backend as WasmBackendLike);
  try {
    return scope.keep(body(scope));
  } finally {
    scope.close();
  }
}

/** The named kernel inputs, each checked to be present. */
export function kernelInputs<K extends string>(inputs: tf.NamedTensorInfoMap, kernelName: string, names: readonly K[]): Record<K, TensorInfo> {
  const found = {} as Record<K, TensorInfo>;
  for (const name of names) {
    const info = inputs[name];
    if (!info) throw new Error(`${kernelName}: missing input '${name}'`);
    found[name] = info;
  }
  return found;
}
