import { badInput } from '@pmed/core';
import type { NgramTable } from './ngram-table';
import { BOS_ID, EOS, EOS_ID, UNK_ID, type Vocabulary } from './vocabulary';

export interface ModelDiscounts {
  order: number;
  d1: number;
  d2: number;
  d3Plus: number;
  /** n1..n4 of the adjusted counts the discounts came from. */
  countsOfCounts: number[];
  /** True when those counts gave no valid discounts and the fallback values were used. */
  fallback: boolean;
}

export interface NgramLanguageModelParts {
  order: number;
  vocabulary: Vocabulary;
  /** tables[k] holds the n-grams of order k + 1; in tables[0] the entry index is the word id. */
  tables: NgramTable[];
  discounts: ModelDiscounts[];
  minCount: number;
}

export interface TokenScore {
  token: string;
  /** log10 P(token | history). */
  logProb: number;
  /** Length of the longest n-gram of the model that matched (1 = unigram). */
  ngramLength: number;
  oov: boolean;
}

export interface PerplexityResult {
  /** 10^(-sum log10 P / scored), OOVs scored as `<unk>` (open vocabulary). */
  perplexity: number;
  /** The same with OOV tokens left out of both sums (SRILM's default for a closed vocabulary). */
  perplexityWithoutOov: number;
  log10Prob: number;
  sentences: number;
  words: number;
  oovs: number;
  /** words + sentences (one `</s>` each): the number of scored tokens. */
  tokens: number;
}

export interface Completion {
  word: string;
  logProb: number;
  probability: number;
}

/**
 * An n-gram model in back-off form (the form of an ARPA file). Built by buildKneserNey or read from an
 * ARPA file; scoring follows SRILM's `ngram -ppl`: `<s>` is context only, each sentence ends with
 * one scored `</s>`.
 */
export class NgramLanguageModel {
  readonly order: number;
  readonly vocabulary: Vocabulary;
  readonly tables: NgramTable[];
  readonly discounts: ModelDiscounts[];
  readonly minCount: number;

  constructor(parts: NgramLanguageModelParts) {
    this.order = parts.order;
    this.vocabulary = parts.vocabulary;
    this.tables = parts.tables;
    this.discounts = parts.discounts;
    this.minCount = parts.minCount;
  }

  /** How many n-grams of each order (index 0 = unigrams). */
  counts(): number[] {
    return this.tables.map((table) => table.size);
  }

  ngramCount(): number {
    return this.counts().reduce((a, b) => a + b, 0);
  }

  byteLength(): number {
    return this.tables.reduce((sum, table) => sum + table.byteLength(), 0);
  }

  /** A fresh context state: the sentence start. `state[j]` is the entry of the last j + 1 words. */
  startState(): { entries: Int32Array; length: number } {
    const entries = new Int32Array(this.order);
    entries[0] = BOS_ID;
    return { entries, length: this.order > 1 ? 1 : 0 };
  }

  /**
   * log10 P(word | state) and the state after it (written into `next`, which may not alias `state`).
   * Returns the length of the matched n-gram through `next.matched`.
   */
  scoreId(state: { entries: Int32Array; length: number }, word: number, next: { entries: Int32Array; length: number }): { logProb: number; matched: number } {
    const { tables, order } = this;
    let logProb = tables[0].logProb[word];
    next.entries[0] = word;
    let matched = 1;
    for (let j = 0; j < state.length && j + 1 < order; j++) {
      const entry = tables[j + 1].find(state.entries[j], word);
      if (entry < 0) break;
      logProb = tables[j + 1].logProb[entry];
      next.entries[j + 1] = entry;
      matched = j + 2;
    }
    for (let j = matched - 1; j < state.length; j++) logProb += tables[j].logBackoff[state.entries[j]];
    next.length = Math.min(matched, order - 1);
    return { logProb, matched };
  }

  /** Scores each token of one sentence and its `</s>`. */
  scoreSentence(tokens: readonly string[]): TokenScore[] {
    let state = this.startState();
    let next = this.startState();
    const scores: TokenScore[] = [];
    for (let i = 0; i <= tokens.length; i++) {
      const token = i < tokens.length ? tokens[i] : EOS;
      let id = this.vocabulary.id(token);
      if (id === BOS_ID || (id === EOS_ID && i < tokens.length)) id = UNK_ID;
      const { logProb, matched } = this.scoreId(state, id, next);
      scores.push({ token, logProb, ngramLength: matched, oov: id === UNK_ID && !this.vocabulary.has(token) });
      [state, next] = [next, state];
    }
    return scores;
  }

  perplexity(sentences: Iterable<readonly string[]>): PerplexityResult {
    let log10Prob = 0;
    let oovLog = 0;
    let count = 0;
    let words = 0;
    let oovs = 0;
    for (const sentence of sentences) {
      count++;
      words += sentence.length;
      for (const score of this.scoreSentence(sentence)) {
        log10Prob += score.logProb;
        if (score.oov) {
          oovs++;
          oovLog += score.logProb;
        }
      }
    }
    const tokens = words + count;
    if (tokens === 0) throw badInput('text', 'nothing to score');
    return {
      perplexity: Math.pow(10, -log10Prob / tokens),
      perplexityWithoutOov: tokens > oovs ? Math.pow(10, -(log10Prob - oovLog) / (tokens - oovs)) : Number.NaN,
      log10Prob,
      sentences: count,
      words,
      oovs,
      tokens,
    };
  }

  /** The k most probable next words after `context` (tokens of the sentence so far). */
  complete(context: readonly string[], k: number, options: { includeUnknown?: boolean; includeEnd?: boolean } = {}): Completion[] {
    if (!Number.isInteger(k) || k < 1 || k > 1000) throw badInput('k', 'must be an integer from 1 to 1000');
    let state = this.startState();
    let next = this.startState();
    for (const token of context) {
      this.scoreId(state, this.vocabulary.id(token), next);
      [state, next] = [next, state];
    }
    const best: Completion[] = [];
    for (let id = 0; id < this.vocabulary.size; id++) {
      if (id === BOS_ID || (id === UNK_ID && !options.includeUnknown) || (id === EOS_ID && options.includeEnd === false)) continue;
      const { logProb } = this.scoreId(state, id, next);
      if (best.length === k && logProb <= best[k - 1].logProb) continue;
      let at = best.length === k ? k - 1 : best.length;
      best[at] = { word: this.vocabulary.words[id], logProb, probability: Math.pow(10, logProb) };
      while (at > 0 && best[at - 1].logProb < best[at].logProb) {
        [best[at - 1], best[at]] = [best[at], best[at - 1]];
        at--;
      }
    }
    return best;
  }
}
