/**
 * One order of an n-gram model: n-grams keyed by (index of their context in the order below, last
 * word id), held in typed arrays with open addressing, so a model of millions of n-grams costs a few
 * flat buffers instead of an object per n-gram. Entry indices are dense and stable (the slot array is
 * rebuilt on growth, the entries never move), so higher orders can refer to them.
 */
const EMPTY = -1;
const MAX_LOAD = 0.5;

function hashKey(context: number, word: number): number {
  let h = Math.imul(context ^ 0x27d4eb2f, 0x9e3779b1) ^ Math.imul(word + 0x165667b1, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

function grown<T extends Uint32Array | Int32Array | Float32Array>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

export interface NgramTableArrays {
  context: Uint32Array;
  word: Uint32Array;
  logProb: Float32Array;
  logBackoff: Float32Array;
  size: number;
}

export class NgramTable {
  private slots: Int32Array;
  private mask: number;
  context: Uint32Array;
  word: Uint32Array;
  /** log10 P(word | context), interpolated, as written in an ARPA file. */
  logProb: Float32Array;
  /** log10 back-off weight of this n-gram used as a context (0 when it is never one). */
  logBackoff: Float32Array;
  size = 0;

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    const entries = Math.max(8, expected);
    this.context = new Uint32Array(entries);
    this.word = new Uint32Array(entries);
    this.logProb = new Float32Array(entries);
    this.logBackoff = new Float32Array(entries);
  }

  static fromArrays(arrays: NgramTableArrays): NgramTable {
    const table = new NgramTable(arrays.size);
    table.context = arrays.context;
    table.word = arrays.word;
    table.logProb = arrays.logProb;
    table.logBackoff = arrays.logBackoff;
    table.size = arrays.size;
    table.rehash(table.slots.length);
    return table;
  }

  /** The entry index of (context, word), or -1. */
  find(context: number, word: number): number {
    const { slots, mask } = this;
    let slot = hashKey(context, word) & mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === EMPTY) return -1;
      if (this.word[entry] === word && this.context[entry] === context) return entry;
      slot = (slot + 1) & mask;
    }
  }

  /** The entry index of (context, word), adding it when absent; `added` says which happened. */
  insert(context: number, word: number): { entry: number; added: boolean } {
    const size = this.size;
    const entry = this.insertEntry(context, word);
    return { entry, added: this.size !== size };
  }

  /**
   * The entry index of (context, word), adding it when absent (then it is `size - 1`). The counting
   * loop of a build runs this once per token per order, so it allocates nothing and probes once.
   */
  insertEntry(context: number, word: number): number {
    if (this.size + 1 > this.slots.length * MAX_LOAD) this.rehash(this.slots.length * 2);
    const { slots, mask } = this;
    let slot = hashKey(context, word) & mask;
    for (;;) {
      const found = slots[slot];
      if (found === EMPTY) break;
      if (this.word[found] === word && this.context[found] === context) return found;
      slot = (slot + 1) & mask;
    }
    if (this.size === this.context.length) {
      const capacity = this.size * 2;
      this.context = grown(this.context, capacity);
      this.word = grown(this.word, capacity);
      this.logProb = grown(this.logProb, capacity);
      this.logBackoff = grown(this.logBackoff, capacity);
    }
    const entry = this.size++;
    this.context[entry] = context;
    this.word[entry] = word;
    slots[slot] = entry;
    return entry;
  }

  /** Drops spare entry capacity and an oversized slot array (a build presizes for the worst case). */
  compact(): void {
    this.context = this.context.slice(0, this.size);
    this.word = this.word.slice(0, this.size);
    this.logProb = this.logProb.slice(0, this.size);
    this.logBackoff = this.logBackoff.slice(0, this.size);
    if (this.slots.length > 16 && this.size <= this.slots.length * MAX_LOAD * 0.5) this.rehash(16);
  }

  byteLength(): number {
    return this.slots.byteLength + this.context.byteLength + this.word.byteLength + this.logProb.byteLength + this.logBackoff.byteLength;
  }

  private placeEntry(entry: number): void {
    let slot = hashKey(this.context[entry], this.word[entry]) & this.mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry;
  }

  private rehash(capacity: number): void {
    let size = capacity;
    while (size * MAX_LOAD < this.size) size *= 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let entry = 0; entry < this.size; entry++) this.placeEntry(entry);
  }
}
