import { badInput } from '@pmed/core';
import { keywordTerms } from './keywords';

export interface Collocation {
  /** The two words, space-separated ("blood pressure"). */
  bigram: string;
  /** How often the pair occurs in the texts the list describes (a group's notes, or one note). */
  count: number;
  /** Dunning's log-likelihood ratio G2 (the ranking score): how far the pair is from independence. */
  logLikelihood: number;
  /** Pointwise mutual information, log2 P(w1 w2) / (P(w1) P(w2)). */
  pmi: number;
}

export interface CollocationOptions {
  /** Pairs seen fewer times (in the statistics they are scored with) are left out: PMI overrates rare pairs (default 3). */
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

function checkOptions(options: CollocationOptions, defaultMinCount: number): { minCount: number; limit: number } {
  const minCount = options.minCount ?? defaultMinCount;
  const limit = options.limit ?? 20;
  if (!Number.isInteger(minCount) || minCount < 1) throw badInput('minCount', 'must be a positive integer');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badInput('limit', 'must be an integer from 1 to 1000');
  return { minCount, limit };
}

const byScore = (a: Collocation, b: Collocation): number => b.logLikelihood - a.logLikelihood || (a.bigram < b.bigram ? -1 : 1);

/**
 * Word and adjacent-pair counts of content words (stop words and numbers removed, as for keywords).
 * Pairs never cross punctuation or a removed word, so "pain in chest" makes no pair.
 */
class PairCounts {
  readonly unigrams = new Map<string, number>();
  readonly bigrams = new Map<string, number>();
  words = 0;
  pairs = 0;

  addText(text: string): void {
    PairCounts.count(text, [this]);
  }

  /** Adds a text's words and pairs to every one of `targets`, reading the text once. */
  static count(text: string, targets: readonly PairCounts[]): void {
    for (const chunk of text.toLowerCase().split(/[.,;:!?()\n]+/)) {
      let previous: string | null = null;
      for (const word of chunk.split(/\s+/)) {
        if (!word) continue;
        const kept = keywordTerms(word);
        const term = kept.length === 1 && kept[0] === word ? word : null;
        if (term) {
          const key = previous ? `${previous} ${term}` : null;
          for (const counts of targets) {
            counts.unigrams.set(term, (counts.unigrams.get(term) ?? 0) + 1);
            counts.words++;
            if (key) {
              counts.bigrams.set(key, (counts.bigrams.get(key) ?? 0) + 1);
              counts.pairs++;
            }
          }
        }
        previous = term;
      }
    }
  }
}

/**
 * The scores of a pair seen `count` times, its words `first` and `second` times, among `words`
 * words and `pairs` pairs; null when the pair is no more frequent than chance (PMI <= 0).
 */
function score(count: number, first: number, second: number, words: number, pairs: number): { logLikelihood: number; pmi: number } | null {
  const pmi = Math.log2(count / pairs / ((first / words) * (second / words)));
  if (!(pmi > 0)) return null;
  const g2 = logLikelihood(count, Math.max(0, first - count), Math.max(0, second - count), Math.max(0, pairs - first - second + count));
  return { logLikelihood: g2, pmi };
}

function rank(counts: PairCounts, minCount: number, limit: number): Collocation[] {
  const found: Collocation[] = [];
  for (const [bigram, count] of counts.bigrams) {
    if (count < minCount) continue;
    const space = bigram.indexOf(' ');
    const scores = score(count, counts.unigrams.get(bigram.slice(0, space)) ?? 0, counts.unigrams.get(bigram.slice(space + 1)) ?? 0, counts.words, counts.pairs);
    if (scores) found.push({ bigram, count, ...scores });
  }
  return found.sort(byScore).slice(0, limit);
}

/**
 * Collocations of a group of notes (a specialty): adjacent content-word pairs (stop words and
 * numbers removed, as for keywords, but never across a removed word) ranked by log-likelihood ratio,
 * with PMI alongside, among pairs seen at least `minCount` times and more often than chance.
 */
export function findCollocations(texts: readonly string[], options: CollocationOptions = {}): Collocation[] {
  const { minCount, limit } = checkOptions(options, 3);
  const counts = new PairCounts();
  for (const text of texts) counts.addText(text);
  return rank(counts, minCount, limit);
}

/**
 * Pair statistics over a collection of notes, as KeywordIndex is for keywords: add the notes (with
 * their group, a specialty), then ask for the collocations of a group, of the whole collection, or of
 * one note scored against the collection.
 */
export class CollocationIndex {
  private readonly all = new PairCounts();
  private readonly groups = new Map<string, PairCounts>();
  private readonly texts = new Set<string>();

  add(text: string, group?: string): void {
    this.texts.add(text);
    let counts: PairCounts | undefined;
    if (group) {
      counts = this.groups.get(group);
      if (!counts) this.groups.set(group, (counts = new PairCounts()));
    }
    PairCounts.count(text, counts ? [this.all, counts] : [this.all]);
  }

  /** How many notes were added. */
  get size(): number {
    return this.texts.size;
  }

  groupNames(): string[] {
    return [...this.groups.keys()].sort();
  }

  /** Collocations of a group's notes, from the group's own counts (as `findCollocations` over them). */
  groupCollocations(group: string, options: CollocationOptions = {}): Collocation[] {
    const { minCount, limit } = checkOptions(options, 3);
    const counts = this.groups.get(group);
    return counts ? rank(counts, minCount, limit) : [];
  }

  /** Collocations of every note added. */
  collocations(options: CollocationOptions = {}): Collocation[] {
    const { minCount, limit } = checkOptions(options, 3);
    return rank(this.all, minCount, limit);
  }

  /**
   * The pairs of one note that are collocations of the collection with the note in it: each pair of
   * the note is scored with the collection's counts (plus the note's, when the note was not added),
   * needs `minCount` occurrences there, and reports in `count` how often it occurs in the note. With
   * nothing added the note is scored on its own counts, and `minCount` defaults to 2 (pairs the note
   * repeats) instead of 3.
   */
  collocationsOf(text: string, options: CollocationOptions = {}): Collocation[] {
    const { minCount, limit } = checkOptions(options, this.size === 0 ? 2 : 3);
    const note = new PairCounts();
    note.addText(text);
    // A note already in the collection is counted once.
    const extra = this.texts.has(text) ? null : note;
    const all = this.all;
    const unigram = (word: string): number => (all.unigrams.get(word) ?? 0) + (extra?.unigrams.get(word) ?? 0);
    const words = all.words + (extra?.words ?? 0);
    const pairs = all.pairs + (extra?.pairs ?? 0);
    const found: Collocation[] = [];
    for (const [bigram, inNote] of note.bigrams) {
      const count = (all.bigrams.get(bigram) ?? 0) + (extra ? inNote : 0);
      if (count < minCount) continue;
      const space = bigram.indexOf(' ');
      const scores = score(count, unigram(bigram.slice(0, space)), unigram(bigram.slice(space + 1)), words, pairs);
      if (scores) found.push({ bigram, count: inNote, ...scores });
    }
    return found.sort(byScore).slice(0, limit);
  }
}
