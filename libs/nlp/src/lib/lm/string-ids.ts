/**
 * Strings to dense ids (0, 1, 2, ... in order of addition) in an open-addressing table over typed
 * arrays. A model build looks up every training token once, and a JS Map spends most of that time
 * growing as the vocabulary arrives; here growing re-places the stored hashes and never re-hashes a
 * string, and a table of a chosen subset in a chosen order (the vocabulary, most frequent first) is
 * made from the stored hashes too.
 */
export class StringIds {
  private slots: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  private readonly list: string[] = [];

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(Math.max(16, expected));
  }

  get size(): number {
    return this.list.length;
  }

  /** The strings by id. */
  get words(): readonly string[] {
    return this.list;
  }

  /** The id of `word`, or -1. */
  get(word: string): number {
    const { slots, mask, list } = this;
    let slot = spread(hashString(word)) & mask;
    for (;;) {
      const id = slots[slot] - 1;
      if (id < 0 || list[id] === word) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** The id of `word`, adding it when new (then it is `size - 1`). */
  add(word: string): number {
    const hash = hashString(word);
    const { slots, mask, list } = this;
    let slot = spread(hash) & mask;
    for (;;) {
      const id = slots[slot] - 1;
      if (id < 0) break;
      if (list[id] === word) return id;
      slot = (slot + 1) & mask;
    }
    const id = list.length;
    list.push(word);
    if (id === this.hashes.length) {
      const hashes = new Int32Array(id * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = hash;
    slots[slot] = id + 1;
    if (list.length * 2 > slots.length) this.place(slots.length * 2);
    return id;
  }

  /** A table of the strings with these ids, in this order (the first gets id 0). */
  select(ids: ArrayLike<number>): StringIds {
    const table = new StringIds(ids.length);
    for (let i = 0; i < ids.length; i++) {
      table.list.push(this.list[ids[i]]);
      table.hashes[i] = this.hashes[ids[i]];
    }
    table.place(table.slots.length);
    return table;
  }

  /** A slot array of `capacity` slots with every id placed by its stored hash. */
  private place(capacity: number): void {
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    const hashes = this.hashes;
    for (let id = 0; id < this.list.length; id++) {
      let slot = spread(hashes[id]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashString(word: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
}

/** Mixes the high bits into the low ones, which pick the slot. */
function spread(hash: number): number {
  return hash ^ (hash >>> 15);
}
