import * as tf from '@tensorflow/tfjs';
import { kernelInputs, type WasmBackendLike } from './wasm-scope';

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

const natives = new Map<string, tf.KernelFunc>();

/** Remembers the wasm backend's own kernel, still used for string tensors. */
export function keepNativeSliceKernel(kernelName: 'Slice' | 'Unpack' | 'SplitV'): (kernelFunc: tf.KernelFunc) => void {
  return (kernelFunc) => natives.set(kernelName, kernelFunc);
}

function native(kernelName: string, args: KernelArgs): TensorInfo | TensorInfo[] {
  const kernelFunc = natives.get(kernelName);
  if (!kernelFunc) throw new Error(`${kernelName}: the native wasm kernel was not captured before replacement`);
  return kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
}

/**
 * Copies x[begin : begin + size] into a new tensor. The wasm backend's own Slice first copies the
 * whole input out of the wasm heap (readSync) and then takes the part it needs, so cutting one
 * time step out of a [T·B, 4H] tensor costs as much as copying all T steps; Unpack and SplitV, which
 * call it once per output, cost T times that. This one reads the input in place.
 */
function sliceInto(backend: WasmBackendLike, x: TensorInfo, begin: readonly number[], size: readonly number[]): TensorInfo {
  // Allocate first: a new allocation can grow the wasm memory and invalidate earlier heap views.
  const out = backend.makeOutput([...size], x.dtype);
  const total = size.reduce((p, d) => p * d, 1);
  if (total === 0) return out;
  const xVals = backend.typedArrayFromHeap(x);
  const outVals = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  if (rank === 0) {
    outVals[0] = xVals[0];
    return out;
  }
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * x.shape[d + 1];
  // Leading dimensions that are taken whole, with the next one, form one contiguous run.
  let innerStart = rank - 1;
  while (innerStart > 0 && size[innerStart] === x.shape[innerStart]) innerStart--;
  const run = size.slice(innerStart).reduce((p, d) => p * d, 1);
  const runs = total / run;
  const index = new Array<number>(innerStart).fill(0);
  let offset = 0;
  for (let d = 0; d < rank; d++) offset += begin[d] * strides[d];
  for (let r = 0; r < runs; r++) {
    let base = offset;
    for (let d = 0; d < innerStart; d++) base += index[d] * strides[d];
    outVals.set(xVals.subarray(base, base + run), r * run);
    for (let d = innerStart - 1; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

export function sliceWasm(args: KernelArgs): TensorInfo {
  const { x } = kernelInputs(args.inputs, 'Slice', ['x']);
  if (x.dtype === 'string') {
    const out = native('Slice', args);
    return Array.isArray(out) ? out[0] : out;
  }
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs?.['begin'] as number[], args.attrs?.['size'] as number[]);
  return sliceInto(args.backend as WasmBackendLike, x, begin, size);
}

/** Unpack (tf.unstack) as one in-place slice per output. */
export function unpackWasm(args: KernelArgs): TensorInfo[] {
  const { value } = kernelInputs(args.inputs, 'Unpack', ['value']);
  if (value.dtype === 'string') return [native('Unpack', args)].flat();
  const rank = value.shape.length;
  let axis = Number(args.attrs?.['axis'] ?? 0);
  if (axis < 0) axis += rank;
  const outShape = value.shape.filter((_, d) => d !== axis);
  const begin = new Array<number>(rank).fill(0);
  const size = [...value.shape];
  size[axis] = 1;
  const outs: TensorInfo[] = [];
  for (let i = 0; i < value.shape[axis]; i++) {
    begin[axis] = i;
    const out = sliceInto(args.backend as WasmBackendLike, value, begin, size);
    outs.push({ dataId: out.dataId, dtype: out.dtype, shape: outShape });
  }
  return outs;
}

/** SplitV (tf.split) as one in-place slice per part. */
export function splitVWasm(args: KernelArgs): TensorInfo[] {
  const { x } = kernelInputs(args.inputs, 'SplitV', ['x']);
  if (x.dtype === 'string') return [native('SplitV', args)].flat();
  const axis = tf.util.parseAxisParam(args.attrs?.['axis'] as number, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs?.['numOrSizeSplits'] as number[] | number, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const out = sliceInto(args.backend as WasmBackendLike, x, begin, size);
    begin[axis] += s;
    return out;
  });
}
