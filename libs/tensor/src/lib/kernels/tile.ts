import type * as tf from '@tensorflow/tfjs';
import { kernelInputs, type WasmBackendLike } from './wasm-scope';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

let nativeTile: tf.KernelFunc | null = null;

/** Remembers the wasm backend's own Tile, still used for dtypes this one does not copy. */
export function setNativeTile(kernelFunc: tf.KernelFunc): void {
  nativeTile = kernelFunc;
}

type Values = Float32Array | Int32Array | Uint8Array;

/**
 * Tile on the wasm heap by block copies: the input's rows are placed once, then each axis, innermost
 * first, is repeated by copying the contiguous block it spans (`copyWithin`, a memmove). The wasm
 * backend's own kernel computes an input index per output element; batch normalisation's gradient
 * tiles a per-channel vector over the whole activation (32x28x28x32 in the reference CNN), which
 * took it about 12 ms a call.
 */
export function tileWasm(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x } = kernelInputs(args.inputs, 'Tile', ['x']);
  const reps = (args.attrs as unknown as { reps: number[] }).reps;
  if (!['float32', 'int32', 'bool'].includes(x.dtype)) {
    if (!nativeTile) throw new Error('Tile: the native wasm kernel was not captured before replacement');
    return nativeTile(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const rank = x.shape.length;
  if (reps.length !== rank) throw new Error(`Tile: reps has ${reps.length} entries for a rank-${rank} input`);
  const outShape = x.shape.map((d, i) => d * reps[i]);
  // Allocate first: a new allocation can grow the wasm memory and detach earlier heap views.
  const out = backend.makeOutput(outShape, x.dtype);
  if (outShape.some((d) => d === 0)) return out;
  const src = backend.typedArrayFromHeap(x) as Values;
  const dst = backend.typedArrayFromHeap(out) as Values;
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  // outStride[a]: elements of the output per step along axis a; inStride likewise for the input.
  const outStride = new Array<number>(rank);
  const inStride = new Array<number>(rank);
  outStride[rank - 1] = 1;
  inStride[rank - 1] = 1;
  for (let a = rank - 2; a >= 0; a--) {
    outStride[a] = outStride[a + 1] * outShape[a + 1];
    inStride[a] = inStride[a + 1] * x.shape[a + 1];
  }
  const fill = (axis: number, inAt: number, outAt: number): void => {
    const extent = x.shape[axis];
    if (axis === rank - 1) {
      dst.set(src.subarray(inAt, inAt + extent), outAt);
    } else {
      for (let i = 0; i < extent; i++) fill(axis + 1, inAt + i * inStride[axis], outAt + i * outStride[axis]);
    }
    // The input's extent along this axis, with every deeper axis already tiled, is one contiguous block.
    const block = extent * outStride[axis];
    for (let r = 1; r < reps[axis]; r++) dst.copyWithin(outAt + r * block, outAt, outAt + block);
  };
  fill(0, 0, 0);
  return out;
}
