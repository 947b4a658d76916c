/**
 * One order of an n-gram model: n-grams keyed by (index of their context in the order below, last
 * word id), held in typed arrays with open addressing, so a model of millions of n-grams costs a few
 * flat buffers instead of an object per n-gram. Entry indices are dense and stable (the slot array is
 * rebuilt on growth, the entries never move), so higher orders can refer to them.
 */
// A slot holds entry + 1, so a fresh (zero-filled) slot array is empty without a fill.
const EMPTY = 0;
/** Most entries per slot a table keeps for queries. */
const MAX_LOAD = 0.5;
/**
 * Most entries per slot while a build counts: its table is sized for the worst case (every position a
 * new n-gram), which real text never reaches, so a denser bound usually leaves the final table at
 * MAX_LOAD or below with no rehash.
 */
const MAX_COUNTING_LOAD = 0.75;

/** Two multiplications, the high half folded into the low bits that pick the slot. */
function hashKey(context: number, word: number): number {
  const h = Math.imul(Math.imul(context, 0x9e3779b1) + word, 0x85ebca77);
  return (h ^ (h >>> 16)) >>> 0;
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

  /**
   * Room for `expected` entries without growing. `withValues: false` leaves the log-prob and back-off
   * arrays empty until `compact` (a build fills them only after counting, when the size is known).
   */
  constructor(expected = 16, withValues = true) {
    let capacity = 16;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    const entries = Math.max(8, expected);
    this.context = new Uint32Array(entries);
    this.word = new Uint32Array(entries);
    this.logProb = new Float32Array(withValues ? entries : 0);
    this.logBackoff = new Float32Array(withValues ? entries : 0);
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
      const entry = slots[slot] - 1;
      if (entry < 0) return -1;
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
   * The entry index of (context, word), adding it when absent (then it is `size - 1`); allocates
   * nothing unless the table has to grow.
   */
  insertEntry(context: number, word: number): number {
    if (this.size + 1 > this.slots.length * MAX_LOAD || this.size === this.context.length) this.reserve(Math.max(this.size * 2, 16));
    const { slots, mask, context: contextOf, word: wordOf } = this;
    let slot = hashKey(context, word) & mask;
    for (;;) {
      const found = slots[slot] - 1;
      if (found < 0) break;
      if (wordOf[found] === word && contextOf[found] === context) return found;
      slot = (slot + 1) & mask;
    }
    const entry = this.size++;
    contextOf[entry] = context;
    wordOf[entry] = word;
    slots[slot] = entry + 1;
    return entry;
  }

  /**
   * The counting pass of a build: for each position i in 1..length-1 whose context `contexts[i - 1]`
   * is not negative and whose word `words[i]` is not `stopWord`, finds or adds the entry of
   * (contexts[i - 1], words[i]) and writes it to `entries[i]`; other positions get -1.
   * `firstAt[entry]` receives the position where an entry was added. Returns how often each entry
   * occurred in this pass (by entry index, up to `size`). Room for the worst case is made first, so
   * nothing grows or rehashes in the loop.
   */
  countPairs(contexts: Int32Array, words: Uint32Array, stopWord: number, entries: Int32Array, firstAt: Int32Array): Uint32Array {
    const length = words.length;
    let positions = 0;
    for (let i = 1; i < length; i++) if (contexts[i - 1] >= 0 && words[i] !== stopWord) positions++;
    this.reserve(this.size + positions, MAX_COUNTING_LOAD);
    const counts = new Uint32Array(this.size + positions);
    const { slots, mask, context: contextOf, word: wordOf } = this;
    let size = this.size;
    if (length > 0) entries[0] = -1;
    for (let i = 1; i < length; i++) {
      const context = contexts[i - 1];
      const word = words[i];
      if (context < 0 || word === stopWord) {
        entries[i] = -1;
        continue;
      }
      let slot = hashKey(context, word) & mask;
      let entry = slots[slot] - 1;
      while (entry >= 0 && (wordOf[entry] !== word || contextOf[entry] !== context)) {
        slot = (slot + 1) & mask;
        entry = slots[slot] - 1;
      }
      if (entry < 0) {
        entry = size++;
        contextOf[entry] = context;
        wordOf[entry] = word;
        slots[slot] = entry + 1;
        firstAt[entry] = i;
      }
      counts[entry]++;
      entries[i] = entry;
    }
    this.size = size;
    return counts.subarray(0, size);
  }

  /** Room for `entries` entries, at most `load` per slot, with no growth or rehash on the way. */
  private reserve(entries: number, load = MAX_LOAD): void {
    if (entries <= this.context.length && entries <= this.slots.length * load) return;
    if (entries > this.context.length) {
      this.context = grown(this.context, entries);
      this.word = grown(this.word, entries);
      if (this.logProb.length > 0) {
        this.logProb = grown(this.logProb, entries);
        this.logBackoff = grown(this.logBackoff, entries);
      }
    }
    if (entries > this.slots.length * load) this.rehash(this.slots.length * 2, entries, load);
  }

  /**
   * Drops spare entry capacity, brings the slot array back to a load from a quarter to MAX_LOAD (a
   * build presizes for the worst case), and gives a table made without values its log-prob and
   * back-off arrays.
   */
  compact(): void {
    const size = this.size;
    if (this.context.length !== size) {
      this.context = this.context.slice(0, size);
      this.word = this.word.slice(0, size);
    }
    this.logProb = this.logProb.length >= size ? this.logProb.slice(0, size) : new Float32Array(size);
    this.logBackoff = this.logBackoff.length >= size ? this.logBackoff.slice(0, size) : new Float32Array(size);
    if (size > this.slots.length * MAX_LOAD || (this.slots.length > 16 && size <= this.slots.length * MAX_LOAD * 0.5)) this.rehash(16);
  }

  byteLength(): number {
    return this.slots.byteLength + this.context.byteLength + this.word.byteLength + this.logProb.byteLength + this.logBackoff.byteLength;
  }

  /** A slot array of at least `capacity` slots, more if needed to keep `entries` at most `load` per slot. */
  private rehash(capacity: number, entries = this.size, load = MAX_LOAD): void {
    let size = capacity;
    while (size * load < entries) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    const { context, word } = this;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = hashKey(context[entry], word[entry]) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
