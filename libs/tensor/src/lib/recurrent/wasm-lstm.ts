import * as tf from '@tensorflow/tfjs';
import type { GateActivation } from './fused-recurrence';
import { hardSigmoid, hardSigmoidSlope, input, recurrenceAttrs, registerWasmKernels, runSession, type Inputs } from './wasm-heap';

/**
 * The LSTM recurrence as two wasm kernels that work on the wasm heap directly: one call of each per
 * sequence batch instead of one tfjs operation per gate and step.
 *
 * With tfjs operations every step costs about 14 kernel calls forward and 12 backward, and each
 * call goes through tfjs-core's engine (tensor bookkeeping, scopes, the autodiff tape), about
 * 5-10 µs a call; for a 140-step sequence that is more time than the arithmetic. Here each step is
 * one call of the wasm backend's C matrix product (XNNPACK, the recurrent kernel packed once), one
 * or two calls of its C sigmoid, and plain loops over the heap for the element-wise gate algebra.
 * tanh(x) is computed as 2·sigmoid(2x) − 1.
 */

export const LSTM_FORWARD_KERNEL = 'PmedLstmSequence';
export const LSTM_BACKWARD_KERNEL = 'PmedLstmSequenceGrad';

/**
 * Forward pass. Inputs: projected [T·B, 4H] (x·W, time-major), optional bias [4H], recurrentKernel
 * [H, 4H], h0 and c0 [B, H], optional mask [T·B, 1]. Outputs, all kept for the backward pass:
 *   gates [T·B, 4H]: i, f, g, o after their activations;
 *   cells [(T+1)·B, H]: the cell state entering each step (block 0 is c0, block T the final state);
 *   tanhCells [T·B, H]: tanh of each step's new cell state, before masking;
 *   hidden [(T+1)·B, H]: the hidden state entering each step (block 0 is h0, blocks 1..T the outputs).
 */
function lstmForward(args: { inputs: Inputs; backend: unknown; attrs: Record<string, unknown> }): tf.TensorInfo[] {
  const kernel = LSTM_FORWARD_KERNEL;
  const projected = input(args.inputs, 'projected', kernel);
  const U = input(args.inputs, 'recurrentKernel', kernel);
  const h0 = input(args.inputs, 'h0', kernel);
  const c0 = input(args.inputs, 'c0', kernel);
  const mask = args.inputs['mask'];
  const bias = args.inputs['bias'];
  const { steps: T, hard } = recurrenceAttrs(args.attrs);
  const [B, H] = h0.shape;
  const G = 4 * H;
  if (projected.shape[0] !== T * B || projected.shape[1] !== G || U.shape[0] !== H || U.shape[1] !== G || (bias && bias.shape.reduce((a, d) => a * d, 1) !== G)) {
    throw new Error(`${kernel}: shapes do not agree (projected [${projected.shape}], recurrent kernel [${U.shape}], state [${h0.shape}], bias [${bias?.shape ?? ''}], ${T} steps)`);
  }
  return runSession(args.backend, (s) => {
    const gates = s.output([T * B, G]);
    const cells = s.output([(T + 1) * B, H]);
    const tanhCells = s.output([T * B, H]);
    const hidden = s.output([(T + 1) * B, H]);
    const z = s.temp([B, G]);
    const sz = s.temp([B, G]);
    const h = s.temp([B, H]);
    const c2 = s.temp([B, H]);
    const sc = s.temp([B, H]);
    s.map();
    // Re-read after every C call: one that allocates can grow the heap and detach the old view.
    let m = s.heap;
    const P = s.at(projected), S = s.at(gates), C = s.at(cells), TC = s.at(tanhCells), HS = s.at(hidden);
    const Z = s.at(z), SZ = s.at(sz), HC = s.at(h), C2 = s.at(c2), SC = s.at(sc);
    const M = mask ? s.at(mask) : -1;
    // Without a bias, a zero one: the loop below stays one loop.
    const b = new Float32Array(G);
    if (bias) b.set(m.subarray(s.at(bias), s.at(bias) + G));
    const uId = s.id(U), zId = s.id(z), szId = s.id(sz), hId = s.id(h), c2Id = s.id(c2), scId = s.id(sc);
    const BH = B * H;
    m.copyWithin(HS, s.at(h0), s.at(h0) + BH);
    m.copyWithin(C, s.at(c0), s.at(c0) + BH);
    m.copyWithin(HC, s.at(h0), s.at(h0) + BH);
    for (let t = 0; t < T; t++) {
      s.matMul(hId, B, H, uId, G, zId);
      m = s.heap;
      // z += x·W + b; the g block doubled, so that the sigmoid below gives sigmoid(2g) for tanh(g).
      for (let r = 0, p = P + t * B * G, q = Z; r < B; r++, p += G, q += G) {
        for (let k = 0; k < 2 * H; k++) m[q + k] += m[p + k] + b[k];
        for (let k = 2 * H; k < 3 * H; k++) m[q + k] = 2 * (m[q + k] + m[p + k] + b[k]);
        for (let k = 3 * H; k < G; k++) m[q + k] += m[p + k] + b[k];
      }
      s.sigmoid(zId, szId);
      m = s.heap;
      const cPrev = C + t * BH, cNext = cPrev + BH, hPrev = HS + t * BH, hNext = hPrev + BH, tc = TC + t * BH;
      for (let r = 0; r < B; r++) {
        const q = Z + r * G, a = SZ + r * G, g = S + (t * B + r) * G;
        for (let j = 0; j < H; j++) {
          const i = hard ? hardSigmoid(m[q + j]) : m[a + j];
          const f = hard ? hardSigmoid(m[q + H + j]) : m[a + H + j];
          const gg = 2 * m[a + 2 * H + j] - 1;
          const o = hard ? hardSigmoid(m[q + 3 * H + j]) : m[a + 3 * H + j];
          m[g + j] = i; m[g + H + j] = f; m[g + 2 * H + j] = gg; m[g + 3 * H + j] = o;
          const c = f * m[cPrev + r * H + j] + i * gg;
          m[cNext + r * H + j] = c;
          m[C2 + r * H + j] = 2 * c;
        }
      }
      s.sigmoid(c2Id, scId);
      m = s.heap;
      for (let r = 0; r < B; r++) {
        const keep = M >= 0 ? m[M + t * B + r] : 1;
        const g = S + (t * B + r) * G;
        for (let j = 0; j < H; j++) {
          const k = r * H + j;
          const tanhC = 2 * m[SC + k] - 1;
          m[tc + k] = tanhC;
          let hNew = m[g + 3 * H + j] * tanhC;
          if (keep !== 1) {
            // A padded step carries the state over: state = previous + mask · (new − previous).
            hNew = m[hPrev + k] + keep * (hNew - m[hPrev + k]);
            m[cNext + k] = m[cPrev + k] + keep * (m[cNext + k] - m[cPrev + k]);
          }
          m[hNext + k] = hNew;
          m[HC + k] = hNew;
        }
      }
    }
    return [gates, cells, tanhCells, hidden];
  });
}

/**
 * Backward pass through time. Inputs: dy ([B, H] for the last output, [T·B, H] for every step's),
 * recurrentKernelT [4H, H], the forward pass's gates, cells and tanhCells, optional mask. Outputs:
 * dProjected [T·B, 4H] (the pre-activation gradients, also the gradient of x·W), dBias [4H] (their
 * sum over rows, summed as they are made), dh0, dc0.
 * The recurrent kernel's gradient is hiddenᵀ · dProjected, one product the caller makes.
 */
function lstmBackward(args: { inputs: Inputs; backend: unknown; attrs: Record<string, unknown> }): tf.TensorInfo[] {
  const kernel = LSTM_BACKWARD_KERNEL;
  const dy = input(args.inputs, 'dy', kernel);
  const UT = input(args.inputs, 'recurrentKernelT', kernel);
  const gates = input(args.inputs, 'gates', kernel);
  const cells = input(args.inputs, 'cells', kernel);
  const tanhCells = input(args.inputs, 'tanhCells', kernel);
  const mask = args.inputs['mask'];
  const { steps: T, hard, sequences } = recurrenceAttrs(args.attrs);
  const H = UT.shape[1];
  const G = 4 * H;
  const B = tanhCells.shape[0] / T;
  if (UT.shape[0] !== G || gates.shape[0] !== T * B || dy.shape[0] !== (sequences ? T * B : B) || dy.shape[1] !== H) {
    throw new Error(`${kernel}: shapes do not agree (dy [${dy.shape}], recurrent kernel [${UT.shape}], gates [${gates.shape}], ${T} steps)`);
  }
  return runSession(args.backend, (s) => {
    const dProjected = s.output([T * B, G]);
    const dBias = s.output([G]);
    const dh0 = s.output([B, H]);
    const dc0 = s.output([B, H]);
    const dz = s.temp([B, G]);
    const dhPrev = s.temp([B, H]);
    s.map();
    // Re-read after every C call: one that allocates can grow the heap and detach the old view.
    let m = s.heap;
    const DY = s.at(dy), S = s.at(gates), C = s.at(cells), TC = s.at(tanhCells), DP = s.at(dProjected), DZ = s.at(dz), DH = s.at(dhPrev);
    const M = mask ? s.at(mask) : -1;
    const dzId = s.id(dz), utId = s.id(UT), dhId = s.id(dhPrev);
    const BH = B * H;
    const dh = new Float32Array(BH);
    const dc = new Float32Array(BH);
    const carry = new Float32Array(BH);
    const db = new Float64Array(G);
    if (!sequences) dh.set(m.subarray(DY, DY + BH));
    for (let t = T - 1; t >= 0; t--) {
      for (let r = 0; r < B; r++) {
        const keep = M >= 0 ? m[M + t * B + r] : 1;
        const g = S + (t * B + r) * G, out = DP + (t * B + r) * G, tmp = DZ + r * G;
        for (let j = 0; j < H; j++) {
          const k = r * H + j;
          const dhOut = sequences ? dh[k] + m[DY + t * BH + k] : dh[k];
          const dhNew = dhOut * keep;
          const dcIn = dc[k] * keep;
          const i = m[g + j], f = m[g + H + j], gg = m[g + 2 * H + j], o = m[g + 3 * H + j];
          const tanhC = m[TC + t * BH + k];
          const dcNew = dcIn + dhNew * o * (1 - tanhC * tanhC);
          const di = hard ? hardSigmoidSlope(i) : i * (1 - i);
          const df = hard ? hardSigmoidSlope(f) : f * (1 - f);
          const dO = hard ? hardSigmoidSlope(o) : o * (1 - o);
          const zi = dcNew * gg * di;
          const zf = dcNew * m[C + t * BH + k] * df;
          const zg = dcNew * i * (1 - gg * gg);
          const zo = dhNew * tanhC * dO;
          m[out + j] = zi; m[out + H + j] = zf; m[out + 2 * H + j] = zg; m[out + 3 * H + j] = zo;
          m[tmp + j] = zi; m[tmp + H + j] = zf; m[tmp + 2 * H + j] = zg; m[tmp + 3 * H + j] = zo;
          db[j] += zi; db[H + j] += zf; db[2 * H + j] += zg; db[3 * H + j] += zo;
          // What a padded step passed through unchanged goes on to the step before.
          dc[k] = dcNew * f + (dc[k] - dcIn);
          carry[k] = dhOut - dhNew;
        }
      }
      s.matMul(dzId, B, G, utId, H, dhId);
      m = s.heap;
      for (let k = 0; k < BH; k++) dh[k] = m[DH + k] + carry[k];
    }
    m.set(dh, s.at(dh0));
    m.set(dc, s.at(dc0));
    m.set(db, s.at(dBias));
    return [dProjected, dBias, dh0, dc0];
  });
}

/**
 * The LSTM recurrence through the wasm kernels (the contract of fusedRecurrence for an LSTM).
 * Inputs in order: projected, recurrent kernel, h0, c0, then the bias and the mask where present.
 */
export function wasmLstmRecurrence(T: number, B: number, H: number, act: GateActivation, returnSequences: boolean, options: { masked: boolean; biased: boolean }) {
  registerWasmKernels({ [LSTM_FORWARD_KERNEL]: lstmForward, [LSTM_BACKWARD_KERNEL]: lstmBackward });
  const { masked, biased } = options;
  return tf.customGrad((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [projected, U, h0, c0, ...rest] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, ...tf.Tensor[]];
    const bias = biased ? rest.shift() : undefined;
    const mask = masked ? rest.shift() : undefined;
    const inputs = { projected, recurrentKernel: U, h0, c0, ...(bias ? { bias } : {}), ...(mask ? { mask } : {}) } as unknown as tf.NamedTensorMap;
    const attrs = { steps: T, gateActivation: act } as unknown as tf.NamedAttrMap;
    const [gates, cells, tanhCells, hidden] = tf.engine().runKernel(LSTM_FORWARD_KERNEL, inputs, attrs) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    save([U, gates, cells, tanhCells, hidden, ...(mask ? [mask] : [])]);
    const value = returnSequences ? hidden.slice([B, 0], [T * B, H]) : hidden.slice([T * B, 0], [B, H]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [Us, S, C, TC, HS, M] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const UT = Us.transpose();
      const gradInputs = { dy, recurrentKernelT: UT, gates: S, cells: C, tanhCells: TC, ...(M ? { mask: M } : {}) } as unknown as tf.NamedTensorMap;
      const gradAttrs = { steps: T, gateActivation: act, returnSequences } as unknown as tf.NamedAttrMap;
      const [dProjected, dBias, dh0, dc0] = tf.engine().runKernel(LSTM_BACKWARD_KERNEL, gradInputs, gradAttrs) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const hPrev = HS.slice([0, 0], [T * B, H]);
      const dU = hPrev.matMul(dProjected, true, false);
      tf.dispose([UT, hPrev]);
      const grads = [dProjected, dU, dh0, dc0];
      if (bias) grads.push(dBias.reshape(bias.shape));
      else dBias.dispose();
      if (mask) grads.push(tf.zerosLike(mask));
      return grads;
    };
    return { value: value as tf.Tensor2D, gradFunc };
  });
}
