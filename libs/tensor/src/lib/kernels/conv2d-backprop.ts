import * as tf from '@tensorflow/tfjs';
import { WasmKernelScope, kernelInputs, withWasmScope } from './wasm-scope';

type TensorInfo = tf.TensorInfo;
type ConvPad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

interface BackpropAttrs {
  strides: number | [number, number];
  pad: ConvPad;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function convInfo(inShape: number[], filterShape: number[], attrs: BackpropAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

function toNhwc(scope: WasmKernelScope, t: TensorInfo, dataFormat: string | undefined): TensorInfo {
  return dataFormat === 'NCHW' ? scope.transpose(t, [0, 2, 3, 1]) : t;
}

function nhwcShape(shape: number[], dataFormat: string | undefined): number[] {
  return dataFormat === 'NCHW' ? [shape[0], shape[2], shape[3], shape[1]] : shape;
}

/**
 * dW[a,b,ci,co] = sum over n,i,j of x[n, i*s+a-padTop, j*s+b-padLeft, ci] * dy[n,i,j,co].
 * Two XNNPACK formulations, each faster where the other is slow (reference CNN, batch 32):
 * - dilated conv: a Conv2D of x (channels as batch, batch as channels) by dy used as a filter
 *   dilated by the stride; 8.1 ms at 14x14x32->64, where im2col takes 12 ms;
 * - transposed im2col: one strided slice of x per filter tap stacked into [kh*kw*Ci, N*Ho*Wo]
 *   and one untransposed MatMul by dy; 1.5 ms at 28x28x1->32, where the dilated conv takes 4.4 ms
 *   (its 28x28 "filter" over a 3x3 output is XNNPACK's worst case).
 */
export function conv2dBackpropFilterWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): TensorInfo {
  const attrs = args.attrs as unknown as BackpropAttrs & { filterShape: number[] };
  return withWasmScope(args.backend, (scope) => {
    const inputs = kernelInputs(args.inputs, 'Conv2DBackpropFilter', ['x', 'dy']);
    const x = toNhwc(scope, inputs.x, attrs.dataFormat);
    const dy = toNhwc(scope, inputs.dy, attrs.dataFormat);
    const info = convInfo(x.shape, attrs.filterShape, attrs);
    return x.shape[3] <= IM2COL_MAX_IN_CHANNELS ? filterGradIm2col(scope, x, dy, info) : filterGradDilatedConv(scope, x, dy, info);
  });
}

/** Up to this many input channels the im2col form wins (measured at 1 and 32 channels). */
const IM2COL_MAX_IN_CHANNELS = 4;

function filterGradIm2col(scope: WasmKernelScope, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo {
  const [n, , , ci] = x.shape;
  const [, ho, wo, co] = dy.shape;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const needH = kh + (ho - 1) * sh;
  const needW = kw + (wo - 1) * sw;
  const xw = placeInWindow(scope, x, [info.padInfo.top, info.padInfo.left], [needH, needW]);
  if (xw === null) throw new Error('Conv2DBackpropFilter: the filter window lies outside the input');
  // Channels first, so each tap's slice is already the [Ci, N*Ho*Wo] block of the column matrix.
  const xc = ci === 1 ? scope.reshape(xw, [1, n, needH, needW]) : scope.transpose(xw, [3, 0, 1, 2]);
  const rows: TensorInfo[] = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const tap = sh === 1 && sw === 1
        ? scope.run('Slice', { x: xc }, { begin: [0, 0, a, b], size: [ci, n, ho, wo] })
        : scope.run('StridedSlice', { x: xc }, {
          begin: [0, 0, a, b], end: [ci, n, a + (ho - 1) * sh + 1, b + (wo - 1) * sw + 1], strides: [1, 1, sh, sw],
          beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
        });
      rows.push(scope.reshape(tap, [ci, n * ho * wo]));
    }
  }
  const cols = rows.length === 1 ? rows[0] : scope.run('Concat', rows, { axis: 0 });
  const dw = scope.run('BatchMatMul', { a: cols, b: scope.reshape(dy, [n * ho * wo, co]) }, { transposeA: false, transposeB: false });
  return scope.reshape(dw, [kh, kw, ci, co]);
}

function filterGradDilatedConv(scope: WasmKernelScope, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo {
  const [n, h, w, ci] = x.shape;
  const [, ho, wo, co] = dy.shape;
  const { filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  // Rows past the last one any output reads are cut off instead of padded negatively.
  const bottom = kh + (ho - 1) * info.strideHeight - h - top;
  const right = kw + (wo - 1) * info.strideWidth - w - left;
  let xt = scope.transpose(x, [3, 1, 2, 0]);
  if (bottom < 0 || right < 0) {
    xt = scope.run('Slice', { x: xt }, { begin: [0, 0, 0, 0], size: [ci, h + Math.min(bottom, 0), w + Math.min(right, 0), n] });
  }
  const filter = scope.transpose(dy, [1, 2, 0, 3]);
  const dw = scope.run('Conv2D', { x: xt, filter }, {
    strides: [1, 1],
    pad: [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [info.strideHeight, info.strideWidth],
    dimRoundingMode: undefined,
  });
  if (dw.shape[1] !== kh || dw.shape[2] !== kw || dw.shape[0] !== ci || dw.shape[3] !== co) {
    throw new Error(`Conv2DBackpropFilter: internal shape ${dw.shape} does not match filter ${[kh, kw, ci, co]}`);
  }
  return scope.transpose(dw, [1, 2, 0, 3]);
}

/** Inserts stride-1 zeros after each row and column so a strided gradient becomes a stride-1 conv. */
function zeroInsert(scope: WasmKernelScope, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n, ho, wo, c] = dy.shape;
  const r = scope.reshape(dy, [n, ho, 1, wo, 1, c]);
  const padded = scope.run('PadV2', { x: r }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  return scope.reshape(padded, [n, ho * sh, wo * sw, c]);
}

/**
 * Moves `t` so that its row r lands on row r + offset of a window `size` rows long (per spatial
 * axis), cutting what falls outside and filling the rest with `fill`; null when nothing lands inside.
 */
export function placeInWindow(scope: WasmKernelScope, t: TensorInfo, offsets: [number, number], size: [number, number], fill = 0): TensorInfo | null {
  const begin = [0, 0, 0, 0];
  const extent = [...t.shape];
  const pads: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  for (const axis of [1, 2]) {
    const off = offsets[axis - 1];
    const start = Math.max(0, -off);
    const end = Math.min(t.shape[axis], size[axis - 1] - off);
    if (end <= start) return null;
    begin[axis] = start;
    extent[axis] = end - start;
    pads[axis] = [off + start, size[axis - 1] - (off + start) - (end - start)];
  }
  const cut = extent[1] === t.shape[1] && extent[2] === t.shape[2] ? t : scope.run('Slice', { x: t }, { begin, size: extent });
  if (pads[1].every((p) => p === 0) && pads[2].every((p) => p === 0)) return cut;
  return scope.run('PadV2', { x: cut }, { paddings: pads, constantValue: fill });
}

/**
 * dx as a stride-1 XNNPACK Conv2D of the zero-inserted dy by the spatially flipped filter. The
 * native wasm kernel is a plain loop, about 8x slower on the reference CNN's shapes.
 */
export function conv2dBackpropInputWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): TensorInfo {
  const attrs = args.attrs as unknown as BackpropAttrs & { inputShape: number[] };
  return withWasmScope(args.backend, (scope) => {
    const inputs = kernelInputs(args.inputs, 'Conv2DBackpropInput', ['dy', 'filter']);
    const dy = toNhwc(scope, inputs.dy, attrs.dataFormat);
    const { filter } = inputs;
    const inShape = nhwcShape(attrs.inputShape, attrs.dataFormat);
    const info = convInfo(inShape, filter.shape, attrs);
    const [kh, kw] = filter.shape;
    const [, h, w] = inShape;
    const dyz = zeroInsert(scope, dy, info.strideHeight, info.strideWidth);
    // Output row y reads dyz rows y + padTop - (kh-1) ... y + padTop; XNNPACK pads for free, so
    // only a negative pad (rows no output reads) needs a copy.
    const pads = [kh - 1 - info.padInfo.top, h + info.padInfo.top - dyz.shape[1], kw - 1 - info.padInfo.left, w + info.padInfo.left - dyz.shape[2]];
    const flipped = scope.transpose(scope.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
    const convAttrs = { strides: [1, 1], dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined };
    let dx: TensorInfo | null;
    if (pads.every((p) => p >= 0)) {
      dx = scope.run('Conv2D', { x: dyz, filter: flipped }, { ...convAttrs, pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]] });
    } else {
      const placed = placeInWindow(scope, dyz, [kh - 1 - info.padInfo.top, kw - 1 - info.padInfo.left], [h + kh - 1, w + kw - 1]);
      dx = placed && scope.run('Conv2D', { x: placed, filter: flipped }, { ...convAttrs, pad: 'valid' });
    }
    dx ??= scope.run('Fill', {}, { shape: inShape, value: 0, dtype: 'float32' });
    return attrs.dataFormat === 'NCHW' ? scope.transpose(dx, [0, 3, 1, 2]) : dx;
  });
}
