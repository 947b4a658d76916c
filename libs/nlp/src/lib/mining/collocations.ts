import { badInput } from '@pmed/core';
import { keywordTerms } from './keywords';

export interface Collocation {
  /** The two words, space-separated ("blood pressure"). */
  bigram: string;
  count: number;
  /** Dunning's log-likelihood ratio G2 (the ranking score): how far the pair is from independence. */
  logLikelihood: number;
  /** Pointwise mutual information, log2 P(w1 w2) / (P(w1) P(w2)). */
  pmi: number;
}

export interface CollocationOptions {
  /** Pairs seen fewer times are left out: PMI overrates rare pairs (default 3). */
  minCount?: number;
  /** How many to return, best first (default 20). */
  limit?: number;
}

const xlogx = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/** G2 of a 2x2 contingency table, in the entropy form (Dunning 1993). */
function logLikelihood(k11: number, k12: number, k21: number, k22: number): number {
  const n = k11 + k12 + k21 + k22;
  const rows = xlogx(k11 + k12) + xlogx(k21 + k22);
  const cols = xlogx(k11 + k21) + xlogx(k12 + k22);
  return 2 * (xlogx(k11) + xlogx(k12) + xlogx(k21) + xlogx(k22) - rows - cols + xlogx(n));
}

/**
 * Collocations of a group of notes (a specialty): adjacent content-word pairs (stop words and
 * numbers removed, as for keywords, but never across a removed word) ranked by log-likelihood ratio,
 * with PMI alongside, among pairs seen at least `minCount` times and more often than chance.
 */
export function findCollocations(texts: readonly string[], options: CollocationOptions = {}): Collocation[] {
  const minCount = options.minCount ?? 3;
  const limit = options.limit ?? 20;
  if (!Number.isInteger(minCount) || minCount < 1) throw badInput('minCount', 'must be a positive integer');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badInput('limit', 'must be an integer from 1 to 1000');
  const unigrams = new Map<string, number>();
  const bigrams = new Map<string, number>();
  let pairs = 0;
  for (const text of texts) {
    // Pairs never cross punctuation or a removed word, so "pain in chest" makes no pair.
    for (const chunk of text.toLowerCase().split(/[.,;:!?()\n]+/)) {
      const raw = chunk.split(/\s+/).filter(Boolean);
      let previous: string | null = null;
      for (const word of raw) {
        const kept = keywordTerms(word);
        const term = kept.length === 1 && kept[0] === word ? word : null;
        if (term) unigrams.set(term, (unigrams.get(term) ?? 0) + 1);
        if (term && previous) {
          const key = `${previous} ${term}`;
          bigrams.set(key, (bigrams.get(key) ?? 0) + 1);
          pairs++;
        }
        previous = term;
      }
    }
  }
  const words = [...unigrams.values()].reduce((a, b) => a + b, 0);
  const found: Collocation[] = [];
  for (const [bigram, count] of bigrams) {
    if (count < minCount) continue;
    const [first, second] = bigram.split(' ');
    const c1 = unigrams.get(first) ?? 0;
    const c2 = unigrams.get(second) ?? 0;
    const pmi = Math.log2((count / pairs) / ((c1 / words) * (c2 / words)));
    if (pmi <= 0) continue;
    const g2 = logLikelihood(count, Math.max(0, c1 - count), Math.max(0, c2 - count), Math.max(0, pairs - c1 - c2 + count));
    found.push({ bigram, count, logLikelihood: g2, pmi });
  }
  return found.sort((a, b) => b.logLikelihood - a.logLikelihood || (a.bigram < b.bigram ? -1 : 1)).slice(0, limit);
}
