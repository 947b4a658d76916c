import * as tf from '@tensorflow/tfjs';
import { wasmGruRecurrence } from './wasm-gru';
import { wasmRecurrenceAvailable } from './wasm-heap';
import { wasmLstmRecurrence } from './wasm-lstm';

export type FusedCell = 'lstm' | 'gru';
export type GateActivation = 'sigmoid' | 'hardSigmoid';

/** Gates per cell: LSTM i, f, c, o; GRU z, r, h (the order of tfjs and Keras weights). */
export const GATES: Record<FusedCell, number> = { lstm: 4, gru: 3 };

export interface RecurrenceInput {
  cell: FusedCell;
  /** x·W for every step (plus the bias, when `bias` is not given), time-major: row t·B + b is step t of sequence b; [T·B, G·H]. */
  projected: tf.Tensor2D;
  /**
   * [G·H], added to `projected` inside the operation (its gradient is summed as the backward pass
   * makes the pre-activation gradients, instead of by a separate reduction). Optional.
   */
  bias?: tf.Tensor1D;
  /** [H, G·H]. */
  recurrentKernel: tf.Tensor2D;
  /** [h0] for a GRU, [h0, c0] for an LSTM, each [B, H]. */
  initialState: tf.Tensor2D[];
  /** 1 where the step is real and 0 where it is padding, time-major [T·B, 1]; a padded step carries the state over. */
  mask?: tf.Tensor2D;
  steps: number;
  gateActivation: GateActivation;
  /** Every step's output [T·B, H] (time-major) instead of the last one [B, H]. */
  returnSequences: boolean;
  /**
   * `auto` (default): on the wasm backend the recurrence runs through the heap-level kernels of
   * wasm-lstm.ts and wasm-gru.ts; elsewhere, and with `ops`, through tfjs operations.
   */
  implementation?: 'auto' | 'ops';
}

function gate(x: tf.Tensor, activation: GateActivation): tf.Tensor {
  // tfjs' hard sigmoid: clip(0.2·x + 0.5, 0, 1).
  return activation === 'sigmoid' ? tf.sigmoid(x) : tf.clipByValue(x.mul(0.2).add(0.5), 0, 1);
}

/** d gate / d input, from the gate's output. */
function gateDerivative(a: tf.Tensor, activation: GateActivation): tf.Tensor {
  if (activation === 'sigmoid') return a.mul(tf.scalar(1).sub(a));
  return tf.logicalAnd(a.greater(0), a.less(1)).toFloat().mul(0.2);
}

const rows = (x: tf.Tensor, t: number, batch: number): tf.Tensor2D => x.slice([t * batch, 0], [batch, x.shape[1] as number]) as tf.Tensor2D;
const cols = (x: tf.Tensor, from: number, width: number): tf.Tensor2D => x.slice([0, from], [x.shape[0], width]) as tf.Tensor2D;

let defaultImplementation: 'auto' | 'ops' = 'auto';

/**
 * Sets the implementation fusedRecurrence uses when its input names none (`auto` by default);
 * returns the previous setting. For benchmarks and tests that compare the two.
 */
export function setFusedRecurrenceImplementation(implementation: 'auto' | 'ops'): 'auto' | 'ops' {
  const previous = defaultImplementation;
  defaultImplementation = implementation;
  return previous;
}

/**
 * The recurrence of an LSTM or GRU layer as one differentiable operation with a hand-written
 * backward pass through time (same equations as tfjs-layers' LSTMCell and GRUCell).
 *
 * tfjs-layers records every step of every gate on the autodiff tape: about 100 kernel calls per
 * time step for an LSTM, most of them reshapes, casts and identities, so a 140-step sequence costs
 * 14,000 calls per training batch. Here the input projections are one matrix product for all steps
 * (done by the caller, so dropout stays an ordinary differentiable op; the bias is added here), the forward pass is
 * about 14 kernel calls a step and the backward pass about 12, and the derivatives that do not
 * depend on the incoming gradient are computed for all steps at once. On the wasm backend the
 * whole recurrence is instead one pair of kernels working on the wasm heap (wasm-lstm.ts,
 * wasm-gru.ts), which takes tfjs-core's per-call cost out of the loop.
 */
export function fusedRecurrence(input: RecurrenceInput): tf.Tensor2D {
  const { cell, steps: T, gateActivation, returnSequences } = input;
  const B = input.initialState[0].shape[0];
  const H = input.recurrentKernel.shape[0];
  const G = GATES[cell];
  if (input.projected.shape[0] !== T * B || input.projected.shape[1] !== G * H) {
    throw new Error(`fusedRecurrence: projected inputs must be [${T * B}, ${G * H}], got [${input.projected.shape}]`);
  }
  if (input.recurrentKernel.shape[1] !== G * H) throw new Error(`fusedRecurrence: recurrent kernel must be [${H}, ${G * H}], got [${input.recurrentKernel.shape}]`);
  if (input.initialState.length !== (cell === 'lstm' ? 2 : 1)) throw new Error(`fusedRecurrence: ${cell} takes ${cell === 'lstm' ? 2 : 1} initial states`);
  if (input.mask && (input.mask.shape[0] !== T * B || input.mask.shape[1] !== 1)) throw new Error(`fusedRecurrence: mask must be [${T * B}, 1], got [${input.mask.shape}]`);
  if (input.bias && input.bias.size !== G * H) throw new Error(`fusedRecurrence: bias must have ${G * H} values, got [${input.bias.shape}]`);
  const masked = input.mask !== undefined;
  const mask = masked ? [input.mask as tf.Tensor2D] : [];
  if ((input.implementation ?? defaultImplementation) === 'auto' && wasmRecurrenceAvailable()) {
    const options = { masked, biased: input.bias !== undefined };
    const op = cell === 'lstm' ? wasmLstmRecurrence(T, B, H, gateActivation, returnSequences, options) : wasmGruRecurrence(T, B, H, gateActivation, returnSequences, options);
    return op(input.projected, input.recurrentKernel, ...input.initialState, ...(input.bias ? [input.bias] : []), ...mask) as tf.Tensor2D;
  }
  const projected = input.bias ? (input.projected.add(input.bias) as tf.Tensor2D) : input.projected;
  const op = cell === 'lstm' ? lstmRecurrence(T, B, H, gateActivation, returnSequences, masked) : gruRecurrence(T, B, H, gateActivation, returnSequences, masked);
  return op(projected, input.recurrentKernel, ...input.initialState, ...mask) as tf.Tensor2D;
}

/** Saved tensors are handed back in one flat list; this reads them back as named runs of T. */
function reader(saved: tf.Tensor[], T: number): (n?: number) => tf.Tensor[] {
  let at = 0;
  return (n = T) => {
    const part = saved.slice(at, at + n);
    at += n;
    return part;
  };
}

function lstmRecurrence(T: number, B: number, H: number, act: GateActivation, returnSequences: boolean, masked: boolean) {
  return tf.customGrad((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [projected, U, h0, c0, mask] = args as tf.Tensor2D[];
    let h = h0;
    let c = c0;
    const gi: tf.Tensor[] = [], gf: tf.Tensor[] = [], gg: tf.Tensor[] = [], go: tf.Tensor[] = [];
    const cPrev: tf.Tensor[] = [], tanhC: tf.Tensor[] = [], hPrev: tf.Tensor[] = [], m: tf.Tensor[] = [], outputs: tf.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      cPrev.push(c);
      hPrev.push(h);
      // One scope a step: only what the backward pass reads stays allocated.
      const [i, f, g, o, tc, cNext, hNext, mt] = tf.tidy(() => {
        const z = rows(projected, t, B).add(h.matMul(U));
        const s = gate(z, act);
        const i = cols(s, 0, H), f = cols(s, H, H), g = tf.tanh(cols(z, 2 * H, H)), o = cols(s, 3 * H, H);
        const cNew = f.mul(c).add(i.mul(g));
        const tc = tf.tanh(cNew);
        const hNew = o.mul(tc);
        if (!masked) return [i, f, g, o, tc, cNew, hNew];
        const mt = rows(mask, t, B);
        return [i, f, g, o, tc, c.add(mt.mul(cNew.sub(c))), h.add(mt.mul(hNew.sub(h))), mt];
      });
      gi.push(i); gf.push(f); gg.push(g); go.push(o); tanhC.push(tc);
      if (mt) m.push(mt);
      c = cNext as tf.Tensor2D;
      h = hNext as tf.Tensor2D;
      if (returnSequences) outputs.push(h);
    }
    save([U, ...gi, ...gf, ...gg, ...go, ...cPrev, ...tanhC, ...hPrev, ...m]);
    const value = returnSequences ? tf.concat(outputs) : h;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const read = reader(saved, T);
      const [Ut] = read(1);
      const [I, F, Gc, O, C, TC, HP, M] = [read(), read(), read(), read(), read(), read(), read(), read(masked ? T : 0)];
      const one = tf.scalar(1);
      const cat = (xs: tf.Tensor[]) => tf.concat(xs);
      const [I2, F2, G2, O2, TC2] = [cat(I), cat(F), cat(Gc), cat(O), cat(TC)];
      // Everything that does not depend on the incoming gradient, for all steps at once: the
      // pre-activation gradient of step t is [dc, dc, dc, dh] ⊙ P[t] (gates i, f, g, o).
      const D = tf.concat([gateDerivative(I2, act), gateDerivative(F2, act), one.sub(G2.square()), gateDerivative(O2, act)], 1);
      const P = tf.concat([G2, cat(C), I2, TC2], 1).mul(D);
      const K = O2.mul(one.sub(TC2.square()));
      // Transposed once: the same tensor every step lets XNNPACK keep its packed copy.
      const UT = Ut.transpose();
      let dh: tf.Tensor = returnSequences ? tf.zerosLike(h0) : dy;
      let dc: tf.Tensor = tf.zerosLike(c0);
      const dz: tf.Tensor[] = new Array(T);
      for (let t = T - 1; t >= 0; t--) {
        [dz[t], dh, dc] = tf.tidy(() => {
          const dhOut = returnSequences ? dh.add(rows(dy, t, B)) : dh;
          const dhNew = masked ? dhOut.mul(M[t]) : dhOut;
          const dcIn = masked ? dc.mul(M[t]) : dc;
          const dcNew = dcIn.add(dhNew.mul(rows(K, t, B)));
          const dzt = tf.concat([dcNew, dcNew, dcNew, dhNew], 1).mul(rows(P, t, B));
          let dhPrev = dzt.matMul(UT);
          let dcPrev = dcNew.mul(F[t]);
          if (masked) {
            dhPrev = dhPrev.add(dhOut.sub(dhNew));
            dcPrev = dcPrev.add(dc.sub(dcIn));
          }
          return [dzt, dhPrev, dcPrev];
        });
      }
      const dProjected = tf.concat(dz);
      const dU = cat(HP).matMul(dProjected, true, false);
      return [dProjected, dU, dh, dc, ...(masked ? [tf.zeros([T * B, 1])] : [])];
    };
    return { value, gradFunc };
  });
}

function gruRecurrence(T: number, B: number, H: number, act: GateActivation, returnSequences: boolean, masked: boolean) {
  return tf.customGrad((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [projected, U, h0, mask] = args as tf.Tensor2D[];
    const Uzr = cols(U, 0, 2 * H);
    const Uh = cols(U, 2 * H, H);
    let h: tf.Tensor = h0;
    const gz: tf.Tensor[] = [], gr: tf.Tensor[] = [], cand: tf.Tensor[] = [], hPrev: tf.Tensor[] = [], rh: tf.Tensor[] = [], m: tf.Tensor[] = [], outputs: tf.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      hPrev.push(h);
      const [z, r, hh, rht, hNext, mt] = tf.tidy(() => {
        const x = rows(projected, t, B);
        const zr = gate(cols(x, 0, 2 * H).add(h.matMul(Uzr)), act);
        const z = cols(zr, 0, H), r = cols(zr, H, H);
        const rht = r.mul(h);
        const hh = tf.tanh(cols(x, 2 * H, H).add(rht.matMul(Uh)));
        const hNew = hh.add(z.mul(h.sub(hh)));
        if (!masked) return [z, r, hh, rht, hNew];
        const mt = rows(mask, t, B);
        return [z, r, hh, rht, h.add(mt.mul(hNew.sub(h))), mt];
      });
      gz.push(z); gr.push(r); cand.push(hh); rh.push(rht);
      if (mt) m.push(mt);
      h = hNext;
      if (returnSequences) outputs.push(h);
    }
    save([U, ...gz, ...gr, ...cand, ...hPrev, ...rh, ...m]);
    const value = returnSequences ? tf.concat(outputs) : h;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const read = reader(saved, T);
      const [Ut] = read(1);
      const [Z, R, HH, HP, RH, M] = [read(), read(), read(), read(), read(), read(masked ? T : 0)];
      const one = tf.scalar(1);
      const cat = (xs: tf.Tensor[]) => tf.concat(xs);
      const [Z2, R2, HH2, HP2] = [cat(Z), cat(R), cat(HH), cat(HP)];
      const A = one.sub(Z2).mul(one.sub(HH2.square()));
      // The z and r pre-activation gradients of step t are [dh, d(r·h)] ⊙ ZR[t].
      const ZR = tf.concat([HP2.sub(HH2).mul(gateDerivative(Z2, act)), HP2.mul(gateDerivative(R2, act))], 1);
      // Transposed once: the same tensors every step let XNNPACK keep its packed copies.
      const UzrT = cols(Ut, 0, 2 * H).transpose();
      const UhT = cols(Ut, 2 * H, H).transpose();
      let dh: tf.Tensor = returnSequences ? tf.zerosLike(h0) : dy;
      const dzr: tf.Tensor[] = new Array(T);
      const dhh: tf.Tensor[] = new Array(T);
      for (let t = T - 1; t >= 0; t--) {
        [dhh[t], dzr[t], dh] = tf.tidy(() => {
          const dhOut = returnSequences ? dh.add(rows(dy, t, B)) : dh;
          const dhNew = masked ? dhOut.mul(M[t]) : dhOut;
          const dhht = dhNew.mul(rows(A, t, B));
          const drh = dhht.matMul(UhT);
          const dzrt = tf.concat([dhNew, drh], 1).mul(rows(ZR, t, B));
          let dhPrev = dhNew.mul(Z[t]).add(drh.mul(R[t])).add(dzrt.matMul(UzrT));
          if (masked) dhPrev = dhPrev.add(dhOut.sub(dhNew));
          return [dhht, dzrt, dhPrev];
        });
      }
      const DZR = cat(dzr);
      const DHH = cat(dhh);
      const dU = tf.concat([HP2.matMul(DZR, true, false), cat(RH).matMul(DHH, true, false)], 1);
      return [tf.concat([DZR, DHH], 1), dU, dh, ...(masked ? [tf.zeros([T * B, 1])] : [])];
    };
    return { value, gradFunc };
  });
}
