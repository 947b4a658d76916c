import { badInput } from '@pmed/core';
import { StringIds } from './string-ids';

export const UNK = '<unk>';
export const BOS = '<s>';
export const EOS = '</s>';
export const UNK_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;

/** Printable ASCII other than the space: no white space, so the regular expression can be skipped. */
function plainAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f) return false;
  }
  return true;
}

function checkWord(word: string): void {
  if (word.length === 0 || (!plainAscii(word) && /\s/.test(word))) throw badInput('word', `vocabulary words must be non-empty and hold no white space, got ${JSON.stringify(word)}`);
}

/** Word <-> id, with the three special tokens at fixed ids so models and files agree on them. */
export class Vocabulary {
  private ids: StringIds;

  constructor(words: Iterable<string> = []) {
    this.ids = new StringIds();
    for (const special of [UNK, BOS, EOS]) this.ids.add(special);
    for (const word of words) this.add(word);
  }

  /**
   * A vocabulary that takes `ids` (the three specials first, at their fixed ids) as its own instead
   * of building a table: a model build has one already from reading the text. Throws as `add` does
   * for a word that cannot be one.
   */
  static adopt(ids: StringIds): Vocabulary {
    const words = ids.words;
    if (words[UNK_ID] !== UNK || words[BOS_ID] !== BOS || words[EOS_ID] !== EOS) throw badInput('vocabulary', 'needs the special tokens first');
    for (let id = 3; id < words.length; id++) checkWord(words[id]);
    const vocabulary = new Vocabulary();
    vocabulary.ids = ids;
    return vocabulary;
  }

  /** The words by id. */
  get words(): readonly string[] {
    return this.ids.words;
  }

  /** The id of a word, adding it when new. */
  add(word: string): number {
    const known = this.ids.get(word);
    if (known >= 0) return known;
    checkWord(word);
    return this.ids.add(word);
  }

  /** The id of a word; unknown words are `<unk>`. */
  id(word: string): number {
    const id = this.ids.get(word);
    return id < 0 ? UNK_ID : id;
  }

  has(word: string): boolean {
    return this.ids.get(word) >= 0;
  }

  get size(): number {
    return this.ids.size;
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
