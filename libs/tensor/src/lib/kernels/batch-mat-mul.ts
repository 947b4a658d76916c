import * as tf from '@tensorflow/tfjs';
import { kernelInputs, withWasmScope, type WasmKernelScope } from './wasm-scope';

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

let nativeBatchMatMul: tf.KernelFunc | undefined;

/** Remembers the wasm backend's own BatchMatMul, which the replacement calls untransposed. */
export function setNativeBatchMatMul(kernelFunc: tf.KernelFunc): void {
  nativeBatchMatMul = kernelFunc;
}

function size(t: TensorInfo): number {
  return t.shape.reduce((p, d) => p * d, 1);
}

function swapLastTwo(scope: WasmKernelScope, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return scope.transpose(t, perm);
}

function plain(scope: WasmKernelScope, a: TensorInfo, b: TensorInfo): TensorInfo {
  if (!nativeBatchMatMul) throw new Error('BatchMatMul: the native wasm kernel was not captured before replacement');
  const out = nativeBatchMatMul({ inputs: { a, b }, attrs: { transposeA: false, transposeB: false }, backend: scope.backend });
  return scope.adopt(Array.isArray(out) ? out[0] : out);
}

/**
 * The native kernel runs XNNPACK only when neither operand is transposed; with a transpose it
 * falls back to a loop 10-25x slower (dense-layer gradients hit this every step). Transposing the
 * operands first is cheap when done to the smaller side: either op(A)·op(B) directly, or
 * (op(B)ᵀ·op(A)ᵀ)ᵀ, whichever moves fewer elements.
 */
export function batchMatMulWasm(args: KernelArgs): TensorInfo {
  const { a, b } = kernelInputs(args.inputs, 'BatchMatMul', ['a', 'b']);
  const transposeA = Boolean(args.attrs?.['transposeA']);
  const transposeB = Boolean(args.attrs?.['transposeB']);
  return withWasmScope(args.backend, (scope) => {
    if (!transposeA && !transposeB) return plain(scope, a, b);
    const outSize = (transposeA ? a.shape[a.shape.length - 1] : a.shape[a.shape.length - 2]) *
      (transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1]) *
      Math.max(size(a) / (a.shape[a.shape.length - 1] * a.shape[a.shape.length - 2]), size(b) / (b.shape[b.shape.length - 1] * b.shape[b.shape.length - 2]));
    const direct = (transposeA ? size(a) : 0) + (transposeB ? size(b) : 0);
    const swapped = (transposeA ? 0 : size(a)) + (transposeB ? 0 : size(b)) + outSize;
    if (direct <= swapped) {
      return plain(scope, transposeA ? swapLastTwo(scope, a) : a, transposeB ? swapLastTwo(scope, b) : b);
    }
    const bt = transposeB ? b : swapLastTwo(scope, b);
    const at = transposeA ? a : swapLastTwo(scope, a);
    return swapLastTwo(scope, plain(scope, bt, at));
  });
}
