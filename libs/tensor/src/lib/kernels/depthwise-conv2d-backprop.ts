import * as tf from '@tensorflow/tfjs';
import { placeInWindow } from './conv2d-backprop';
import { kernelInputs, withWasmScope } from './wasm-scope';

type TensorInfo = tf.TensorInfo;

interface DepthwiseAttrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

function depthwiseInfo(inShape: number[], filterShape: number[], attrs: DepthwiseAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
}

/**
 * dW[a,b,c,m] = sum over n,i,j of x[n, i*s+a*d-padTop, j*s+b*d-padLeft, c] * dy[n,i,j,c*M+m]:
 * per filter tap, one strided slice of the padded input, a broadcast Mul and a Sum.
 */
export function depthwiseBackpropFilterWasm(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as DepthwiseAttrs & { filterShape: number[] };
  return withWasmScope(args.backend, (scope) => {
    const { x, dy } = kernelInputs(args.inputs, 'DepthwiseConv2dNativeBackpropFilter', ['x', 'dy']);
    const [kh, kw, c, m] = attrs.filterShape;
    const info = depthwiseInfo(x.shape, attrs.filterShape, attrs);
    const [n, h, w] = x.shape;
    const [, ho, wo] = dy.shape;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const { top, left } = info.padInfo;
    const needH = (kh - 1) * dh + (ho - 1) * sh + 1;
    const needW = (kw - 1) * dw + (wo - 1) * sw + 1;
    const xp = scope.run('PadV2', { x }, {
      paddings: [[0, 0], [top, Math.max(0, needH - top - h)], [left, Math.max(0, needW - left - w)], [0, 0]],
      constantValue: 0,
    });
    const rows = n * ho * wo;
    const dyr = scope.reshape(dy, [rows, c, m]);
    const taps: TensorInfo[] = [];
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const patch = scope.run('StridedSlice', { x: xp }, {
          begin: [0, a * dh, b * dw, 0],
          end: [n, a * dh + (ho - 1) * sh + 1, b * dw + (wo - 1) * sw + 1, c],
          strides: [1, sh, sw, 1],
          beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
        });
        const prod = scope.run('Multiply', { a: scope.reshape(patch, [rows, c, 1]), b: dyr });
        taps.push(scope.reshape(scope.run('Sum', { x: prod }, { axis: [0], keepDims: false }), [1, c, m]));
      }
    }
    const stacked = taps.length === 1 ? taps[0] : scope.run('Concat', taps, { axis: 0 });
    return scope.reshape(stacked, [kh, kw, c, m]);
  });
}

/**
 * dx[n,y,x,c] = sum over a,b,m of dy[n,i,j,c*M+m] * W[a,b,c,m] where y = i*s+a*d-padTop: per tap,
 * contract over m, zero-insert by the stride and add the result shifted into place.
 */
export function depthwiseBackpropInputWasm(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as DepthwiseAttrs & { inputShape: number[] };
  return withWasmScope(args.backend, (scope) => {
    const { dy, filter } = kernelInputs(args.inputs, 'DepthwiseConv2dNativeBackpropInput', ['dy', 'filter']);
    const [kh, kw, c, m] = filter.shape;
    const info = depthwiseInfo(attrs.inputShape, filter.shape, attrs);
    const [n, h, w] = attrs.inputShape;
    const [, ho, wo] = dy.shape;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const dy5 = scope.reshape(dy, [n, ho, wo, c, m]);
    let dx: TensorInfo | null = null;
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const tap = scope.run('Slice', { x: filter }, { begin: [a, b, 0, 0], size: [1, 1, c, m] });
        let t = scope.run('Multiply', { a: dy5, b: scope.reshape(tap, [c, m]) });
        t = m === 1 ? scope.reshape(t, [n, ho, wo, c]) : scope.run('Sum', { x: t }, { axis: [4], keepDims: false });
        if (sh > 1 || sw > 1) {
          const padded = scope.run('PadV2', { x: scope.reshape(t, [n, ho, 1, wo, 1, c]) }, {
            paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]],
            constantValue: 0,
          });
          t = scope.reshape(padded, [n, ho * sh, wo * sw, c]);
        }
        const placed = placeInWindow(scope, t, [a * dh - info.padInfo.top, b * dw - info.padInfo.left], [h, w]);
        if (placed !== null) dx = dx === null ? placed : scope.run('Add', { a: dx, b: placed });
      }
    }
    return dx ?? scope.run('Fill', {}, { shape: attrs.inputShape, value: 0, dtype: 'float32' });
  });
}
