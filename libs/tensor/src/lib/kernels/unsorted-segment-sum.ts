import * as tf from '@tensorflow/tfjs';
import { kernelInputs, type WasmBackendLike } from './wasm-scope';

/**
 * out[k, ...] = sum of x[i, ...] over the i whose segment id is k; ids outside [0, numSegments)
 * are dropped, as on the cpu backend. A scatter-add over the wasm heap: O(x.size), where a one-hot
 * MatMul would cost O(x.size * numSegments) for an embedding's vocabulary.
 */
export function unsortedSegmentSumWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, segmentIds } = kernelInputs(args.inputs, 'UnsortedSegmentSum', ['x', 'segmentIds']);
  const numSegments = Number(args.attrs?.['numSegments']);
  if (!Number.isInteger(numSegments) || numSegments < 0) throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${args.attrs?.['numSegments']}`);
  const idRank = segmentIds.shape.length;
  if (x.shape.slice(0, idRank).join(',') !== segmentIds.shape.join(',')) {
    throw new Error(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must prefix x shape [${x.shape}]`);
  }
  const inner = x.shape.slice(idRank).reduce((p, d) => p * d, 1);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype);
  const values = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  const sums = backend.typedArrayFromHeap(out);
  sums.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0 || id >= numSegments) continue;
    const from = i * inner;
    const to = id * inner;
    for (let k = 0; k < inner; k++) sums[to + k] += values[from + k];
  }
  return out;
}
