import { badInput } from '@pmed/core';

/** Row-wise softmax of `logits / temperature` (`n * k` values), computed stably in float64. */
export function softmax(logits: Float32Array, numClasses: number, temperature = 1): Float32Array {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw badInput('temperature', `must be a positive number, got ${temperature}`);
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length; r += numClasses) {
    let max = -Infinity;
    for (let k = 0; k < numClasses; k++) max = Math.max(max, logits[r + k] / temperature);
    let sum = 0;
    for (let k = 0; k < numClasses; k++) sum += Math.exp(logits[r + k] / temperature - max);
    for (let k = 0; k < numClasses; k++) out[r + k] = Math.exp(logits[r + k] / temperature - max) / sum;
  }
  return out;
}

/** Mean negative log-likelihood of the labels under softmax(logits / T). */
export function negativeLogLikelihood(args: { logits: Float32Array; labels: Int32Array; numClasses: number; temperature: number }): number {
  const { logits, labels, numClasses, temperature } = args;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const r = i * numClasses;
    let max = -Infinity;
    for (let k = 0; k < numClasses; k++) max = Math.max(max, logits[r + k] / temperature);
    let sum = 0;
    for (let k = 0; k < numClasses; k++) sum += Math.exp(logits[r + k] / temperature - max);
    total += max + Math.log(sum) - logits[r + labels[i]] / temperature;
  }
  return total / labels.length;
}

/** Search range for the temperature: wide enough for badly over- or under-confident nets. */
const LOG_T_MIN = Math.log(0.05);
const LOG_T_MAX = Math.log(20);

/**
 * Temperature scaling (Guo et al. 2017): the single T > 0 that minimises the validation NLL of
 * softmax(logits / T). NLL is unimodal in log T, so a golden-section search finds it without gradients.
 */
export function fitTemperature(args: { logits: Float32Array; labels: Int32Array; numClasses: number }): number {
  const { logits, labels, numClasses } = args;
  if (labels.length === 0) throw badInput('labels', 'temperature scaling needs validation samples');
  if (logits.length !== labels.length * numClasses) throw badInput('logits', `holds ${logits.length} values for ${labels.length} samples of ${numClasses} classes`);
  const nll = (logT: number): number => negativeLogLikelihood({ logits, labels, numClasses, temperature: Math.exp(logT) });
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = LOG_T_MIN;
  let b = LOG_T_MAX;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = nll(c);
  let fd = nll(d);
  for (let i = 0; i < 60 && b - a > 1e-5; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = nll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = nll(d);
    }
  }
  return Math.exp((a + b) / 2);
}
