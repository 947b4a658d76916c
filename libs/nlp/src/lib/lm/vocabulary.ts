import { badInput } from '@pmed/core';

export const UNK = '<unk>';
export const BOS = '<s>';
export const EOS = '</s>';
export const UNK_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;

/** Word <-> id, with the three special tokens at fixed ids so models and files agree on them. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];

  constructor(words: Iterable<string> = []) {
    for (const special of [UNK, BOS, EOS]) this.add(special);
    for (const word of words) this.add(word);
  }

  /** The id of a word, adding it when new. */
  add(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) return known;
    if (word.length === 0 || /\s/.test(word)) throw badInput('word', `vocabulary words must be non-empty and hold no white space, got ${JSON.stringify(word)}`);
    const id = this.words.length;
    this.ids.set(word, id);
    this.words.push(word);
    return id;
  }

  /** The id of a word; unknown words are `<unk>`. */
  id(word: string): number {
    return this.ids.get(word) ?? UNK_ID;
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  get size(): number {
    return this.words.length;
  }

  /**
   * The words seen at least `minCount` times (the rest become `<unk>`), most frequent first and then
   * alphabetical, so the same corpus always gives the same ids.
   */
  static fromCounts(counts: Map<string, number>, options: { minCount: number; maxSize?: number }): Vocabulary {
    const kept = [...counts.entries()]
      .filter(([word, count]) => count >= options.minCount && word !== BOS && word !== EOS && word !== UNK)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const limited = options.maxSize === undefined ? kept : kept.slice(0, Math.max(0, options.maxSize - 3));
    return new Vocabulary(limited.map(([word]) => word));
  }
}
