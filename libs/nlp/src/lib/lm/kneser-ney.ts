import { badInput } from '@pmed/core';
import { NgramLanguageModel, type ModelDiscounts } from './language-model';
import { countNgrams, encodeCorpus, type OrderCounts } from './ngram-counts';
import { BOS_ID } from './vocabulary';

export const MAX_ORDER = 10;
/** KenLM's `--discount_fallback` values, used for an order whose counts-of-counts give no valid discounts. */
export const DEFAULT_DISCOUNT_FALLBACK: readonly [number, number, number] = [0.5, 1, 1.5];
export const LOG10_ZERO = -99;

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
  const discounts: ModelDiscounts[] = [];
  const probabilities: Float64Array[] = [];
  const predictable = vocabulary.size - 1;

  for (let k = 0; k < order; k++) {
    const { table, suffix } = orders[k];
    const counts = adjusted[k];
    const countsOfCounts = [0, 0, 0, 0];
    for (let e = 0; e < table.size; e++) {
      if (k === 0 && e === BOS_ID) continue;
      if (counts[e] >= 1 && counts[e] <= 4) countsOfCounts[counts[e] - 1]++;
    }
    const computed = modifiedKneserNeyDiscounts(countsOfCounts);
    const d = computed ?? [...fallback];
    discounts.push({ order: k + 1, d1: d[0], d2: d[1], d3Plus: d[2], countsOfCounts, fallback: computed === null });

    // Per-context totals and how many continuations fall in each discount bucket.
    const contexts = k === 0 ? 1 : orders[k - 1].table.size;
    const total = new Float64Array(contexts);
    const buckets = new Float64Array(contexts);
    for (let e = 0; e < table.size; e++) {
      const count = counts[e];
      if (count === 0 || (k === 0 && e === BOS_ID)) continue;
      const context = k === 0 ? 0 : table.context[e];
      total[context] += count;
      buckets[context] += d[Math.min(count, 3) - 1];
    }
    const gamma = new Float64Array(contexts);
    for (let c = 0; c < contexts; c++) gamma[c] = total[c] > 0 ? buckets[c] / total[c] : 1;

    const probability = new Float64Array(table.size);
    const lower = k === 0 ? null : probabilities[k - 1];
    for (let e = 0; e < table.size; e++) {
      const context = k === 0 ? 0 : table.context[e];
      const backoff = lower === null ? 1 / predictable : lower[suffix[e]];
      const count = counts[e];
      const own = count === 0 ? 0 : (count - d[Math.min(count, 3) - 1]) / total[context];
      probability[e] = own + gamma[context] * backoff;
      table.logProb[e] = k === 0 && e === BOS_ID ? LOG10_ZERO : Math.log10(probability[e]);
    }
    probabilities.push(probability);
    if (k > 0) {
      const below = orders[k - 1].table;
      for (let c = 0; c < contexts; c++) below.logBackoff[c] = total[c] > 0 ? Math.log10(gamma[c]) : 0;
    }
  }
  const tables = orders.map((counts) => {
    counts.table.compact();
    return counts.table;
  });
  return new NgramLanguageModel({ order, vocabulary, tables, discounts, minCount });
}
