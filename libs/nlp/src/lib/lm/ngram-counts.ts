import { NgramTable } from './ngram-table';
import { StringIds } from './string-ids';
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

/** Stream markers for the sentence boundaries, apart from the provisional indices of words (>= 0). */
const START = -1;
const END = -2;
/** Counts below this are ordered by a counting sort; the few words seen more often by a comparison sort. */
const BUCKETED_COUNTS = 4096;

/**
 * The provisional indices in vocabulary order: most frequent first, ties in order of first sight (a
 * stable counting sort, so no string is compared and the same corpus always gives the same ids).
 */
function byFrequency(candidates: Int32Array, counts: Int32Array): Int32Array {
  const buckets = new Int32Array(BUCKETED_COUNTS + 1);
  const frequent: number[] = [];
  for (const p of candidates) {
    if (counts[p] >= BUCKETED_COUNTS) frequent.push(p);
    else buckets[counts[p]]++;
  }
  frequent.sort((a, b) => counts[b] - counts[a] || a - b);
  // Bucket starts, highest count first, after the frequent words.
  let at = frequent.length;
  for (let count = BUCKETED_COUNTS - 1; count >= 0; count--) {
    const size = buckets[count];
    buckets[count] = at;
    at += size;
  }
  const ordered = new Int32Array(candidates.length);
  ordered.set(frequent);
  for (const p of candidates) if (counts[p] < BUCKETED_COUNTS) ordered[buckets[counts[p]]++] = p;
  return ordered;
}

/**
 * Reads the sentences once: each distinct word gets a provisional id in order of first sight (the
 * three special tokens first), the stream holds those ids, and the vocabulary order (most frequent
 * first) is applied afterwards with one remap array; the vocabulary's table is made from the
 * provisional one without hashing a string again.
 */
export function encodeCorpus(sentences: Iterable<readonly string[]>, options: { minCount: number; maxVocabulary?: number }): EncodedCorpus {
  const index = new StringIds(4096);
  for (const special of [UNK, BOS, EOS]) index.add(special);
  let counts = new Int32Array(4096);
  let stream = new Int32Array(1 << 16);
  let length = 0;
  let sentenceCount = 0;
  for (const sentence of sentences) {
    const n = sentence.length;
    if (length + n + 2 > stream.length) stream = grownInt32(stream, length + n + 2);
    stream[length++] = START;
    sentenceCount++;
    for (let i = 0; i < n; i++) {
      const p = index.add(sentence[i]);
      if (p === counts.length) counts = grownInt32(counts, p + 1);
      counts[p]++;
      stream[length++] = p;
    }
    stream[length++] = END;
  }
  // Rare words and a literal `<s>`, `</s>` or `<unk>` in the text (ids 0..2) are `<unk>`.
  const words = index.size;
  let candidateCount = 0;
  const candidates = new Int32Array(words);
  for (let p = 3; p < words; p++) if (counts[p] >= options.minCount) candidates[candidateCount++] = p;
  const ordered = byFrequency(candidates.subarray(0, candidateCount), counts);
  const keptCount = options.maxVocabulary === undefined ? ordered.length : Math.max(0, Math.min(ordered.length, options.maxVocabulary - 3));
  const kept = new Int32Array(keptCount + 3);
  kept.set([0, 1, 2]);
  kept.set(ordered.subarray(0, keptCount), 3);
  const remap = new Uint32Array(words).fill(UNK_ID);
  for (let id = 3; id < kept.length; id++) remap[kept[id]] = id;
  const vocabulary = Vocabulary.adopt(index.select(kept));

  const encoded = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const p = stream[i];
    encoded[i] = p >= 0 ? remap[p] : p === START ? BOS_ID : EOS_ID;
  }
  return { vocabulary, stream: encoded, sentences: sentenceCount };
}

export interface OrderCounts {
  table: NgramTable;
  raw: Uint32Array;
  /** The entry of this n-gram without its first word, one order down. */
  suffix: Uint32Array;
  startsWithBos: Uint8Array;
}

/**
 * Raw counts of every n-gram of orders 1..order in the stream, each n-gram linked to its suffix. One
 * pass per order over the stream with an array that holds, for each position, the entry of the
 * (k-1)-gram ending there (-1 where the sentence is too short): order k adds (the entry ending one
 * position earlier, the token) and writes its own entries for order k + 1. Each pass touches one hash
 * table only, sized beforehand for the positions that can end an n-gram of its order.
 */
export function countNgrams(corpus: EncodedCorpus, order: number): OrderCounts[] {
  const { stream } = corpus;
  const length = stream.length;
  const vocabularySize = corpus.vocabulary.size;
  const unigrams = new NgramTable(vocabularySize);
  for (let id = 0; id < vocabularySize; id++) unigrams.insertEntry(0, id);
  const bosFlags = new Uint8Array(vocabularySize);
  bosFlags[BOS_ID] = 1;
  const unigramCounts = new Uint32Array(vocabularySize);
  for (let i = 0; i < length; i++) unigramCounts[stream[i]]++;
  const orders: OrderCounts[] = [{ table: unigrams, raw: unigramCounts, suffix: new Uint32Array(0), startsWithBos: bosFlags }];
  if (order < 2) return orders;
  // Unigram entries are word ids, so the stream is the order-1 entry stream.
  // (A view: ids are far below 2^31, and this buffer is only read.)
  let previous: Int32Array = new Int32Array(stream.buffer, stream.byteOffset, length);
  let current: Int32Array = new Int32Array(length);
  const spare = new Int32Array(order > 2 ? length : 0);
  const firstAt = new Int32Array(length);
  for (let k = 2; k <= order; k++) {
    const table = new NgramTable(16, false);
    // A sentence start never ends an n-gram: the token before it is the previous sentence's `</s>`.
    const raw = table.countPairs(previous, stream, BOS_ID, current, firstAt);
    const size = table.size;
    const suffix = new Uint32Array(size);
    const startsWithBos = new Uint8Array(size);
    const lowerBos = orders[k - 2].startsWithBos;
    const contexts = table.context;
    for (let e = 0; e < size; e++) {
      // The n-gram without its first word ends where this one first did, one order down.
      suffix[e] = previous[firstAt[e]];
      startsWithBos[e] = lowerBos[contexts[e]];
    }
    orders.push({ table, raw, suffix, startsWithBos });
    // The stream view is never written: the first swap brings in the spare buffer instead.
    const swap = k === 2 ? spare : previous;
    previous = current;
    current = swap;
  }
  return orders;
}
