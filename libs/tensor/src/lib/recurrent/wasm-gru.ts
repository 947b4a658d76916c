import * as tf from '@tensorflow/tfjs';
import type { GateActivation } from './fused-recurrence';
import { hardSigmoid, hardSigmoidSlope, input, recurrenceAttrs, registerWasmKernels, runSession, type Inputs } from './wasm-heap';

/**
 * The GRU recurrence (tfjs' GRUCell: z, r = gate(x_zr + h·U_zr); h~ = tanh(x_h + (r ⊙ h)·U_h);
 * h' = h~ + z ⊙ (h − h~)) as two wasm kernels on the heap, as wasm-lstm.ts does for the LSTM: per
 * step two calls of the C matrix product, one or two of the C sigmoid, and loops over the heap.
 */

export const GRU_FORWARD_KERNEL = 'PmedGruSequence';
export const GRU_BACKWARD_KERNEL = 'PmedGruSequenceGrad';

/**
 * Forward pass. Inputs: projected [T·B, 3H] (x·W, time-major), optional bias [3H],
 * recurrentKernelZr [H, 2H] and recurrentKernelH [H, H] (the recurrent kernel's two column
 * blocks), h0 [B, H], optional mask [T·B, 1]. Outputs, kept for the backward pass:
 *   gates [T·B, 2H]: z and r after their activation;
 *   candidates [T·B, H]: h~;
 *   resetHidden [T·B, H]: r ⊙ h of each step (the left operand of the U_h product);
 *   hidden [(T+1)·B, H]: the hidden state entering each step (block 0 is h0, blocks 1..T the outputs).
 */
function gruForward(args: { inputs: Inputs; backend: unknown; attrs: Record<string, unknown> }): tf.TensorInfo[] {
  const kernel = GRU_FORWARD_KERNEL;
  const projected = input(args.inputs, 'projected', kernel);
  const Uzr = input(args.inputs, 'recurrentKernelZr', kernel);
  const Uh = input(args.inputs, 'recurrentKernelH', kernel);
  const h0 = input(args.inputs, 'h0', kernel);
  const mask = args.inputs['mask'];
  const bias = args.inputs['bias'];
  const { steps: T, hard } = recurrenceAttrs(args.attrs);
  const [B, H] = h0.shape;
  const G = 3 * H;
  const Z2 = 2 * H;
  if (projected.shape[0] !== T * B || projected.shape[1] !== G || Uzr.shape[0] !== H || Uzr.shape[1] !== Z2 || Uh.shape[0] !== H || Uh.shape[1] !== H || (bias && bias.shape.reduce((a, d) => a * d, 1) !== G)) {
    throw new Error(`${kernel}: shapes do not agree (projected [${projected.shape}], recurrent kernels [${Uzr.shape}] and [${Uh.shape}], state [${h0.shape}], bias [${bias?.shape ?? ''}], ${T} steps)`);
  }
  return runSession(args.backend, (s) => {
    const gates = s.output([T * B, Z2]);
    const candidates = s.output([T * B, H]);
    const resetHidden = s.output([T * B, H]);
    const hidden = s.output([(T + 1) * B, H]);
    const a = s.temp([B, Z2]);
    const sa = s.temp([B, Z2]);
    const h = s.temp([B, H]);
    const rh = s.temp([B, H]);
    const c = s.temp([B, H]);
    const sc = s.temp([B, H]);
    s.map();
    // Re-read after every C call: one that allocates can grow the heap and detach the old view.
    let m = s.heap;
    const P = s.at(projected), S = s.at(gates), HH = s.at(candidates), RH = s.at(resetHidden), HS = s.at(hidden);
    const A = s.at(a), SA = s.at(sa), HC = s.at(h), RC = s.at(rh), CC = s.at(c), SC = s.at(sc);
    const M = mask ? s.at(mask) : -1;
    const b = new Float32Array(G);
    if (bias) b.set(m.subarray(s.at(bias), s.at(bias) + G));
    const zrId = s.id(Uzr), uhId = s.id(Uh), aId = s.id(a), saId = s.id(sa), hId = s.id(h), rhId = s.id(rh), cId = s.id(c), scId = s.id(sc);
    const BH = B * H;
    m.copyWithin(HS, s.at(h0), s.at(h0) + BH);
    m.copyWithin(HC, s.at(h0), s.at(h0) + BH);
    for (let t = 0; t < T; t++) {
      s.matMul(hId, B, H, zrId, Z2, aId);
      m = s.heap;
      for (let r = 0, p = P + t * B * G, q = A; r < B; r++, p += G, q += Z2) {
        for (let k = 0; k < Z2; k++) m[q + k] += m[p + k] + b[k];
      }
      if (!hard) {
        s.sigmoid(aId, saId);
        m = s.heap;
      }
      const hPrev = HS + t * BH;
      for (let r = 0; r < B; r++) {
        const q = (hard ? A : SA) + r * Z2, g = S + (t * B + r) * Z2;
        for (let k = 0; k < Z2; k++) m[g + k] = hard ? hardSigmoid(m[q + k]) : m[q + k];
        for (let j = 0; j < H; j++) {
          const v = m[g + H + j] * m[hPrev + r * H + j];
          m[RC + r * H + j] = v;
          m[RH + t * BH + r * H + j] = v;
        }
      }
      s.matMul(rhId, B, H, uhId, H, cId);
      m = s.heap;
      // The candidate's pre-activation doubled: tanh(x) = 2·sigmoid(2x) − 1.
      for (let r = 0, p = P + t * B * G + Z2, q = CC; r < B; r++, p += G, q += H) {
        for (let j = 0; j < H; j++) m[q + j] = 2 * (m[q + j] + m[p + j] + b[Z2 + j]);
      }
      s.sigmoid(cId, scId);
      m = s.heap;
      const hNext = hPrev + BH;
      for (let r = 0; r < B; r++) {
        const keep = M >= 0 ? m[M + t * B + r] : 1;
        const g = S + (t * B + r) * Z2;
        for (let j = 0; j < H; j++) {
          const k = r * H + j;
          const cand = 2 * m[SC + k] - 1;
          m[HH + t * BH + k] = cand;
          const before = m[hPrev + k];
          let hNew = cand + m[g + j] * (before - cand);
          if (keep !== 1) hNew = before + keep * (hNew - before);
          m[hNext + k] = hNew;
          m[HC + k] = hNew;
        }
      }
    }
    return [gates, candidates, resetHidden, hidden];
  });
}

/**
 * Backward pass through time. Inputs: dy ([B, H] for the last output, [T·B, H] for every step's),
 * recurrentKernelZrT [2H, H], recurrentKernelHT [H, H], the forward pass's gates, candidates and
 * hidden, optional mask. Outputs: dZr [T·B, 2H] and dCandidate [T·B, H] (the pre-activation
 * gradients, together the gradient of x·W), dBias [3H] (their sum over rows), dh0. The recurrent
 * kernel's gradient is [hiddenᵀ·dZr, resetHiddenᵀ·dCandidate], products the caller makes.
 */
function gruBackward(args: { inputs: Inputs; backend: unknown; attrs: Record<string, unknown> }): tf.TensorInfo[] {
  const kernel = GRU_BACKWARD_KERNEL;
  const dy = input(args.inputs, 'dy', kernel);
  const UzrT = input(args.inputs, 'recurrentKernelZrT', kernel);
  const UhT = input(args.inputs, 'recurrentKernelHT', kernel);
  const gates = input(args.inputs, 'gates', kernel);
  const candidates = input(args.inputs, 'candidates', kernel);
  const hidden = input(args.inputs, 'hidden', kernel);
  const mask = args.inputs['mask'];
  const { steps: T, hard, sequences } = recurrenceAttrs(args.attrs);
  const H = UhT.shape[0];
  const Z2 = 2 * H;
  const B = candidates.shape[0] / T;
  if (UzrT.shape[0] !== Z2 || UzrT.shape[1] !== H || UhT.shape[1] !== H || gates.shape[0] !== T * B || hidden.shape[0] !== (T + 1) * B || dy.shape[0] !== (sequences ? T * B : B) || dy.shape[1] !== H) {
    throw new Error(`${kernel}: shapes do not agree (dy [${dy.shape}], recurrent kernels [${UzrT.shape}] and [${UhT.shape}], gates [${gates.shape}], ${T} steps)`);
  }
  return runSession(args.backend, (s) => {
    const dZr = s.output([T * B, Z2]);
    const dCandidate = s.output([T * B, H]);
    const dBias = s.output([3 * H]);
    const dh0 = s.output([B, H]);
    const dc = s.temp([B, H]);
    const drh = s.temp([B, H]);
    const dzr = s.temp([B, Z2]);
    const dhz = s.temp([B, H]);
    s.map();
    // Re-read after every C call: one that allocates can grow the heap and detach the old view.
    let m = s.heap;
    const DY = s.at(dy), S = s.at(gates), HH = s.at(candidates), HS = s.at(hidden), DZR = s.at(dZr), DHH = s.at(dCandidate);
    const DC = s.at(dc), DRH = s.at(drh), DZ = s.at(dzr), DHZ = s.at(dhz);
    const M = mask ? s.at(mask) : -1;
    const dcId = s.id(dc), drhId = s.id(drh), dzrId = s.id(dzr), dhzId = s.id(dhz), zrtId = s.id(UzrT), uhtId = s.id(UhT);
    const BH = B * H;
    const dh = new Float32Array(BH);
    const dhNew = new Float32Array(BH);
    const carry = new Float32Array(BH);
    const db = new Float64Array(3 * H);
    if (!sequences) dh.set(m.subarray(DY, DY + BH));
    for (let t = T - 1; t >= 0; t--) {
      for (let r = 0; r < B; r++) {
        const keep = M >= 0 ? m[M + t * B + r] : 1;
        const g = S + (t * B + r) * Z2;
        for (let j = 0; j < H; j++) {
          const k = r * H + j;
          const dhOut = sequences ? dh[k] + m[DY + t * BH + k] : dh[k];
          const d = dhOut * keep;
          dhNew[k] = d;
          carry[k] = dhOut - d;
          const cand = m[HH + t * BH + k];
          const v = d * (1 - m[g + j]) * (1 - cand * cand);
          m[DC + k] = v;
          m[DHH + t * BH + k] = v;
          db[Z2 + j] += v;
        }
      }
      s.matMul(dcId, B, H, uhtId, H, drhId);
      m = s.heap;
      for (let r = 0; r < B; r++) {
        const g = S + (t * B + r) * Z2, out = DZR + (t * B + r) * Z2, tmp = DZ + r * Z2;
        for (let j = 0; j < H; j++) {
          const k = r * H + j;
          const z = m[g + j], rr = m[g + H + j], hp = m[HS + t * BH + k], cand = m[HH + t * BH + k];
          const dz = dhNew[k] * (hp - cand) * (hard ? hardSigmoidSlope(z) : z * (1 - z));
          const dr = m[DRH + k] * hp * (hard ? hardSigmoidSlope(rr) : rr * (1 - rr));
          m[out + j] = dz; m[out + H + j] = dr;
          m[tmp + j] = dz; m[tmp + H + j] = dr;
          db[j] += dz; db[H + j] += dr;
          dh[k] = dhNew[k] * z + m[DRH + k] * rr + carry[k];
        }
      }
      s.matMul(dzrId, B, Z2, zrtId, H, dhzId);
      m = s.heap;
      for (let k = 0; k < BH; k++) dh[k] += m[DHZ + k];
    }
    m.set(dh, s.at(dh0));
    m.set(db, s.at(dBias));
    return [dZr, dCandidate, dBias, dh0];
  });
}

/**
 * The GRU recurrence through the wasm kernels (the contract of fusedRecurrence for a GRU). Inputs
 * in order: projected, recurrent kernel, h0, then the bias and the mask where present.
 */
export function wasmGruRecurrence(T: number, B: number, H: number, act: GateActivation, returnSequences: boolean, options: { masked: boolean; biased: boolean }) {
  registerWasmKernels({ [GRU_FORWARD_KERNEL]: gruForward, [GRU_BACKWARD_KERNEL]: gruBackward });
  const { masked, biased } = options;
  return tf.customGrad((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [projected, U, h0, ...rest] = args as [tf.Tensor, tf.Tensor, tf.Tensor, ...tf.Tensor[]];
    const bias = biased ? rest.shift() : undefined;
    const mask = masked ? rest.shift() : undefined;
    const Uzr = U.slice([0, 0], [H, 2 * H]);
    const Uh = U.slice([0, 2 * H], [H, H]);
    const inputs = { projected, recurrentKernelZr: Uzr, recurrentKernelH: Uh, h0, ...(bias ? { bias } : {}), ...(mask ? { mask } : {}) } as unknown as tf.NamedTensorMap;
    const attrs = { steps: T, gateActivation: act } as unknown as tf.NamedAttrMap;
    const [gates, candidates, resetHidden, hidden] = tf.engine().runKernel(GRU_FORWARD_KERNEL, inputs, attrs) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    save([Uzr, Uh, gates, candidates, resetHidden, hidden, ...(mask ? [mask] : [])]);
    const value = returnSequences ? hidden.slice([B, 0], [T * B, H]) : hidden.slice([T * B, 0], [B, H]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [zr, uh, S, HH, RH, HS, M] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const zrT = zr.transpose();
      const uhT = uh.transpose();
      const gradInputs = { dy, recurrentKernelZrT: zrT, recurrentKernelHT: uhT, gates: S, candidates: HH, hidden: HS, ...(M ? { mask: M } : {}) } as unknown as tf.NamedTensorMap;
      const gradAttrs = { steps: T, gateActivation: act, returnSequences } as unknown as tf.NamedAttrMap;
      const [dZr, dCandidate, dBias, dh0] = tf.engine().runKernel(GRU_BACKWARD_KERNEL, gradInputs, gradAttrs) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const hPrev = HS.slice([0, 0], [T * B, H]);
      const dU = tf.concat([hPrev.matMul(dZr, true, false), RH.matMul(dCandidate, true, false)], 1);
      const dProjected = tf.concat([dZr, dCandidate], 1);
      tf.dispose([zrT, uhT, hPrev, dZr, dCandidate]);
      const grads = [dProjected, dU, dh0];
      if (bias) grads.push(dBias.reshape(bias.shape));
      else dBias.dispose();
      if (mask) grads.push(tf.zerosLike(mask));
      return grads;
    };
    return { value: value as tf.Tensor2D, gradFunc };
  });
}
