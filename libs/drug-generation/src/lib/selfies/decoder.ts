import { badInput } from '@pmed/core';
import { atomValence, indexDigit, readSymbol, splitSelfies, type SelfiesSymbol } from './alphabet';
import { MolecularGraph, writeSmiles } from './molecular-graph';

/**
 * Derives the molecule a SELFIES string stands for and writes it as Kekulé SMILES. Every string of
 * grammar symbols gives a molecule whose every atom is within its valence: bonds are cut to what both
 * atoms can still take, branches keep one bond free for the main chain, and symbols that cannot apply
 * (a branch on an atom with one free bond, a ring to itself) are skipped. An empty result ('') means
 * the string held no atom.
 */
export function decodeSelfies(selfies: string): string {
  return writeSmiles(deriveGraph(selfies));
}

/** The molecular graph of a SELFIES string. Throws BAD_USER_INPUT for symbols outside the grammar. */
export function deriveGraph(selfies: string): MolecularGraph {
  if (typeof selfies !== 'string') throw badInput('selfies', 'must be a string');
  const text = splitSelfies(selfies);
  if (text === null) throw badInput('selfies', 'must be a sequence of [..] symbols and dots');
  const symbols = text.map((s, i) => {
    const parsed = readSymbol(s);
    if (!parsed) throw badInput('selfies', `unknown symbol ${s} at position ${i + 1}`, { position: i + 1, symbol: s });
    return parsed;
  });
  return new Derivation(text, symbols).run();
}

class Derivation {
  private readonly graph = new MolecularGraph();
  private pos = 0;
  private fragmentStart = 0;

  constructor(
    private readonly text: readonly string[],
    private readonly symbols: readonly SelfiesSymbol[],
  ) {}

  run(): MolecularGraph {
    while (this.pos < this.symbols.length) {
      this.fragmentStart = this.graph.atoms.length;
      this.derive(this.symbols.length, null, 0);
      // derive() returns at the end or at a top-level dot, which starts the next fragment.
      if (this.pos < this.symbols.length && this.symbols[this.pos].kind === 'dot') this.pos++;
    }
    return this.graph;
  }

  /**
   * Derives symbols up to `end`, attached to `root` (a branch) or starting a fragment (root null).
   * `firstBond` caps the bond from the root to a branch's first atom.
   */
  private derive(end: number, root: number | null, firstBond: number): void {
    let prev = root;
    let cap = firstBond;
    while (this.pos < end) {
      const symbol = this.symbols[this.pos];
      if (symbol.kind === 'dot') {
        if (root === null) return;
        this.pos++;
        continue;
      }
      this.pos++;
      // An atom with no free valence ends its chain; the rest of the window is skipped.
      if (prev !== null && this.graph.atoms[prev].free === 0) continue;
      if (symbol.kind === 'atom') {
        const valence = atomValence(symbol.atom) as number;
        if (prev === null) {
          prev = this.graph.addAtom(symbol.atom, valence);
          continue;
        }
        const bond = Math.min(symbol.bond, cap || Infinity, this.graph.atoms[prev].free, valence);
        if (bond === 0) continue;
        const atom = this.graph.addAtom(symbol.atom, valence);
        this.graph.addBond(prev, atom, bond);
        prev = atom;
        cap = 0;
      } else if (symbol.kind === 'branch') {
        if (prev === null || this.graph.atoms[prev].free <= 1 || cap) continue;
        const q = this.readIndex(symbol.digits, end);
        const branchEnd = Math.min(end, this.pos + q + 1);
        this.derive(branchEnd, prev, Math.min(this.graph.atoms[prev].free - 1, symbol.bond));
        this.pos = branchEnd;
      } else if (symbol.kind === 'ring') {
        if (prev === null || cap) continue;
        const q = this.readIndex(symbol.digits, end);
        const target = Math.max(this.fragmentStart, prev - (q + 1));
        if (target === prev) continue;
        const order = Math.min(symbol.bond, this.graph.atoms[prev].free, this.graph.atoms[target].free, 3 - this.graph.bondOrder(prev, target));
        if (order > 0) this.graph.addBond(prev, target, order);
      }
    }
  }

  /** Reads the next `digits` symbols as a hexadecimal number (stopping at the window's end). */
  private readIndex(digits: number, end: number): number {
    let value = 0;
    for (let i = 0; i < digits && this.pos < end; i++) value = value * 16 + indexDigit(this.text[this.pos++]);
    return value;
  }
}
