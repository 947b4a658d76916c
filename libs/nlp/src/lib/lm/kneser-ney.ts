import { badInput } from '@pmed/core';
import { NgramLanguageModel, type ModelDiscounts } from './language-model';
import { countNgrams, encodeCorpus, type OrderCounts } from './ngram-counts';
import { BOS_ID } from './vocabulary';

export const MAX_ORDER = 10;
/** KenLM's `--discount_fallback` values, used for an order whose counts-of-counts give no valid discounts. */
export const DEFAULT_DISCOUNT_FALLBACK: readonly [number, number, number] = [0.5, 1, 1.5];
export const LOG10_ZERO = -99;

/**
 * log10 as ln x * log10(e): a build takes one per n-gram and per context, and V8's Math.log is
 * markedly faster than its Math.log10. The two differ by at most an ulp or so of a double, far
 * below the float32 the model stores.
 */
const log10 = (x: number): number => Math.log(x) * Math.LOG10E;

export interface KneserNeyOptions {
  /** n-gram order, 1..10 (5 is the usual choice). */
  order: number;
  /** Words seen fewer times than this become `<unk>` (1 keeps every word). */
  minCount?: number;
  /** Keep at most this many words (specials included), the most frequent. */
  maxVocabulary?: number;
  discountFallback?: readonly [number, number, number];
}

/** A sentence is a list of tokens without `<s>`/`</s>`; the builder adds them. */
export type Sentences = Iterable<readonly string[]>;

/**
 * Chen & Goodman's modified Kneser-Ney discounts for one order from its counts-of-counts n1..n4
 * (D1 = 1 - 2Y n2/n1, D2 = 2 - 3Y n3/n2, D3+ = 3 - 4Y n4/n3 with Y = n1/(n1 + 2 n2)).
 */
export function modifiedKneserNeyDiscounts(countsOfCounts: readonly number[]): [number, number, number] | null {
  const [n1, n2, n3, n4] = countsOfCounts;
  if (!(n1 > 0 && n2 > 0 && n3 > 0)) return null;
  const y = n1 / (n1 + 2 * n2);
  const d = [1 - (2 * y * n2) / n1, 2 - (3 * y * n3) / n2, 3 - (4 * y * n4) / n3] as [number, number, number];
  return d.every((value, i) => Number.isFinite(value) && value >= 0 && value <= i + 1) ? d : null;
}

/** Kneser-Ney counts: distinct left extensions below the top order, except n-grams that start with `<s>`. */
function adjustedCounts(orders: OrderCounts[]): Uint32Array[] {
  const adjusted = orders.map((counts) => new Uint32Array(counts.table.size));
  const top = orders.length - 1;
  adjusted[top].set(orders[top].raw.subarray(0, orders[top].table.size));
  for (let k = top - 1; k >= 0; k--) {
    const higher = orders[k + 1];
    for (let e = 0; e < higher.table.size; e++) adjusted[k][higher.suffix[e]]++;
    const { raw, startsWithBos } = orders[k];
    for (let e = 0; e < orders[k].table.size; e++) if (startsWithBos[e]) adjusted[k][e] = raw[e];
  }
  return adjusted;
}

/**
 * Builds an interpolated modified Kneser-Ney model the way KenLM's lmplz does (Chen & Goodman 1998),
 * then stores it in back-off form: each n-gram keeps its interpolated log10 probability and each
 * context its interpolation weight as the back-off, so a query is one hash look-up per order.
 * The unigram level is interpolated with the uniform distribution over the words that can be
 * predicted (the vocabulary without `<s>`), so every distribution sums to one.
 */
export function buildKneserNey(sentences: Sentences, options: KneserNeyOptions): NgramLanguageModel {
  const order = options.order;
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) throw badInput('order', `must be an integer from 1 to ${MAX_ORDER}, got ${String(order)}`);
  const minCount = options.minCount ?? 1;
  if (!Number.isInteger(minCount) || minCount < 1) throw badInput('minCount', 'must be a positive integer');
  const fallback = options.discountFallback ?? DEFAULT_DISCOUNT_FALLBACK;

  const corpus = encodeCorpus(sentences, { minCount, maxVocabulary: options.maxVocabulary });
  if (corpus.sentences === 0) throw badInput('text', 'the training text holds no sentences');
  const vocabulary = corpus.vocabulary;
  const orders = countNgrams(corpus, order);
  const adjusted = adjustedCounts(orders);
  const tables = orders.map((counts) => {
    counts.table.compact();
    return counts.table;
  });
  const discounts: ModelDiscounts[] = [];
  let lower: Float64Array | null = null;
  const predictable = vocabulary.size - 1;

  for (let k = 0; k < order; k++) {
    const { table, suffix } = orders[k];
    const size = table.size;
    const counts = adjusted[k];
    const countsOfCounts = [0, 0, 0, 0];
    for (let e = 0; e < size; e++) {
      const count = counts[e];
      if (count >= 1 && count <= 4 && !(k === 0 && e === BOS_ID)) countsOfCounts[count - 1]++;
    }
    const computed = modifiedKneserNeyDiscounts(countsOfCounts);
    const d = computed ?? [...fallback];
    discounts.push({ order: k + 1, d1: d[0], d2: d[1], d3Plus: d[2], countsOfCounts, fallback: computed === null });
    // The discount of a count: 0 for 0, then D1, D2, D3+ for 1, 2 and 3 or more.
    const discountOf = Float64Array.of(0, d[0], d[1], d[2]);

    // Per-context totals and the discounted mass, which becomes the interpolation weight gamma.
    const contexts = k === 0 ? 1 : tables[k - 1].size;
    const contextOf = table.context;
    const total = new Float64Array(contexts);
    const gamma = new Float64Array(contexts);
    for (let e = 0; e < size; e++) {
      const count = counts[e];
      if (count === 0 || (k === 0 && e === BOS_ID)) continue;
      const context = k === 0 ? 0 : contextOf[e];
      total[context] += count;
      gamma[context] += discountOf[count < 3 ? count : 3];
    }
    for (let c = 0; c < contexts; c++) gamma[c] = total[c] > 0 ? gamma[c] / total[c] : 1;

    // The top order's probabilities are no order's back-off: only their logs are kept.
    const probability = new Float64Array(k < order - 1 ? size : 0);
    const keep = k < order - 1;
    const logProb = table.logProb;
    for (let e = 0; e < size; e++) {
      const context = k === 0 ? 0 : contextOf[e];
      const backoff = lower === null ? 1 / predictable : lower[suffix[e]];
      const count = counts[e];
      const own = count === 0 ? 0 : (count - discountOf[count < 3 ? count : 3]) / total[context];
      const p = own + gamma[context] * backoff;
      if (keep) probability[e] = p;
      logProb[e] = log10(p);
    }
    if (k === 0) logProb[BOS_ID] = LOG10_ZERO;
    lower = probability;
    if (k > 0) {
      const logBackoff = tables[k - 1].logBackoff;
      // Most contexts have one continuation seen once, whose weight is exactly D1: one log for all.
      const d1 = discountOf[1];
      const logD1 = log10(d1);
      for (let c = 0; c < contexts; c++) {
        const g = gamma[c];
        logBackoff[c] = total[c] > 0 ? (g === d1 ? logD1 : log10(g)) : 0;
      }
    }
  }
  return new NgramLanguageModel({ order, vocabulary, tables, discounts, minCount });
}
