import { NgramTable } from './ngram-table';
import { BOS, BOS_ID, EOS, EOS_ID, UNK, UNK_ID, Vocabulary } from './vocabulary';

/**
 * The counting half of a Kneser-Ney build. Everything here is integer-coded: one string look-up per
 * training token, then flat typed arrays (a token stream, open-addressing tables presized for the
 * worst case so they never rehash while counting), no object or string key per n-gram.
 */

/** The training text as one stream of word ids: each sentence is `<s>` w1..wn `</s>`. */
export interface EncodedCorpus {
  vocabulary: Vocabulary;
  stream: Uint32Array;
  sentences: number;
}

function grownInt32(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const next = new Int32Array(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

const SPECIAL = -1;

/**
 * Reads the sentences once: each distinct word gets a provisional index in order of first sight, the
 * stream holds those indices, and the vocabulary (most frequent first, then alphabetical, as
 * `Vocabulary.fromCounts`) is applied afterwards with one remap array.
 */
export function encodeCorpus(sentences: Iterable<readonly string[]>, options: { minCount: number; maxVocabulary?: number }): EncodedCorpus {
  const index = new Map<string, number>();
  const words: string[] = [];
  let counts = new Int32Array(4096);
  // -1 marks a sentence start; other entries are provisional word indices.
  let stream = new Int32Array(1 << 16);
  let length = 0;
  let sentenceCount = 0;
  for (const sentence of sentences) {
    stream = grownInt32(stream, length + sentence.length + 1);
    stream[length++] = SPECIAL;
    sentenceCount++;
    for (let i = 0; i < sentence.length; i++) {
      const word = sentence[i];
      let p = index.get(word);
      if (p === undefined) {
        p = words.length;
        index.set(word, p);
        words.push(word);
        counts = grownInt32(counts, p + 1);
      }
      counts[p]++;
      stream[length++] = p;
    }
  }
  const candidates: number[] = [];
  for (let p = 0; p < words.length; p++) {
    const word = words[p];
    if (counts[p] >= options.minCount && word !== BOS && word !== EOS && word !== UNK) candidates.push(p);
  }
  candidates.sort((a, b) => counts[b] - counts[a] || (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0));
  const kept = options.maxVocabulary === undefined ? candidates : candidates.slice(0, Math.max(0, options.maxVocabulary - 3));
  const vocabulary = new Vocabulary(kept.map((p) => words[p]));
  // Words left out (rare, or a literal `<s>`/`</s>`/`<unk>` in the text) are `<unk>`.
  const remap = new Uint32Array(words.length).fill(UNK_ID);
  kept.forEach((p, i) => (remap[p] = i + 3));

  const encoded = new Uint32Array(length + sentenceCount);
  let out = 0;
  for (let i = 0; i < length; i++) {
    const p = stream[i];
    if (p === SPECIAL) {
      if (out > 0) encoded[out++] = EOS_ID;
      encoded[out++] = BOS_ID;
    } else encoded[out++] = remap[p];
  }
  if (out > 0) encoded[out++] = EOS_ID;
  return { vocabulary, stream: encoded, sentences: sentenceCount };
}

export interface OrderCounts {
  table: NgramTable;
  raw: Uint32Array;
  /** The entry of this n-gram without its first word, one order down. */
  suffix: Uint32Array;
  startsWithBos: Uint8Array;
}

/** Raw counts of every n-gram of orders 1..order in the stream, each n-gram linked to its suffix. */
export function countNgrams(corpus: EncodedCorpus, order: number): OrderCounts[] {
  const { stream } = corpus;
  const vocabularySize = corpus.vocabulary.size;
  const orders: OrderCounts[] = [];
  const unigrams = new NgramTable(vocabularySize);
  for (let id = 0; id < vocabularySize; id++) unigrams.insertEntry(0, id);
  const bosFlags = new Uint8Array(vocabularySize);
  bosFlags[BOS_ID] = 1;
  const unigramCounts = new Uint32Array(vocabularySize);
  orders.push({ table: unigrams, raw: unigramCounts, suffix: new Uint32Array(0), startsWithBos: bosFlags });
  // No order holds more distinct n-grams than there are predicted tokens.
  const bound = Math.max(16, stream.length - corpus.sentences);
  for (let k = 2; k <= order; k++) {
    orders.push({ table: new NgramTable(bound), raw: new Uint32Array(bound), suffix: new Uint32Array(bound), startsWithBos: new Uint8Array(bound) });
  }
  const tables = orders.map((o) => o.table);
  const raws = orders.map((o) => o.raw);
  const suffixes = orders.map((o) => o.suffix);
  const bosStarts = orders.map((o) => o.startsWithBos);
  // previous[k] / current[k]: the entry of the last k words before / after this token.
  let previous = new Int32Array(order + 1);
  let current = new Int32Array(order + 1);
  let position = 0;
  for (let i = 0; i < stream.length; i++) {
    const word = stream[i];
    unigramCounts[word]++;
    if (word === BOS_ID) {
      previous[1] = BOS_ID;
      position = 1;
      continue;
    }
    current[1] = word;
    const longest = position + 1 < order ? position + 1 : order;
    for (let k = 2; k <= longest; k++) {
      const table = tables[k - 1];
      const context = previous[k - 1];
      const size = table.size;
      const entry = table.insertEntry(context, word);
      if (table.size !== size) {
        suffixes[k - 1][entry] = current[k - 1];
        bosStarts[k - 1][entry] = bosStarts[k - 2][context];
      }
      raws[k - 1][entry]++;
      current[k] = entry;
    }
    position++;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return orders;
}
