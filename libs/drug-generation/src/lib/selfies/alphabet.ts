/**
 * The SELFIES grammar's pieces (Krenn, Häse, Nigam, Friederich and Aspuru-Guzik, "Self-referencing
 * embedded strings (SELFIES): a 100% robust molecular string representation", Machine Learning:
 * Science and Technology 1, 045024, 2020): atom symbols carry the bond that joins them to the previous
 * atom, branch and ring symbols read the following symbols as a number, and every symbol is derived
 * under the remaining valence of the atom it attaches to, so any string makes a valid molecule.
 */

/** Bonds an atom can form, by element and formal charge. Atoms outside this table are not encodable. */
const VALENCE: Record<string, Record<number, number>> = {
  H: { 0: 1 },
  B: { 0: 3, [-1]: 4 },
  C: { 0: 4, 1: 3, [-1]: 3 },
  N: { 0: 3, 1: 4, [-1]: 2 },
  O: { 0: 2, 1: 3, [-1]: 1 },
  F: { 0: 1 },
  Si: { 0: 4 },
  P: { 0: 5, 1: 4, [-1]: 2 },
  S: { 0: 6, 1: 3, [-1]: 1 },
  Cl: { 0: 1 },
  Se: { 0: 2 },
  Br: { 0: 1 },
  I: { 0: 1 },
};

/** Elements that SMILES may write without brackets (their hydrogens are implied). */
export const ORGANIC_SUBSET = new Set(['B', 'C', 'N', 'O', 'P', 'S', 'F', 'Cl', 'Br', 'I']);

/** An atom as a SELFIES atom symbol describes it. */
export interface AtomSpec {
  element: string;
  /** Bracket atoms carry their hydrogens and charge; organic-subset atoms get implicit hydrogens. */
  bracket: boolean;
  isotope: number | null;
  hydrogens: number;
  charge: number;
}

/** Bonds to other heavy atoms the atom may still form; null when the element/charge is unknown. */
export function atomValence(atom: AtomSpec): number | null {
  const v = VALENCE[atom.element]?.[atom.charge];
  return v === undefined ? null : Math.max(0, v - atom.hydrogens);
}

const BOND_CHAR: Record<number, string> = { 1: '', 2: '=', 3: '#' };
const BOND_ORDER: Record<string, number> = { '': 1, '=': 2, '#': 3 };

/** The text inside an atom symbol's brackets, after the bond character. */
export function atomText(atom: AtomSpec): string {
  if (!atom.bracket) return atom.element;
  const charge = atom.charge === 0 ? '' : `${atom.charge > 0 ? '+' : '-'}${Math.abs(atom.charge)}`;
  return `${atom.isotope ?? ''}${atom.element}H${atom.hydrogens}${charge}`;
}

export function atomSymbol(bondOrder: number, atom: AtomSpec): string {
  return `[${BOND_CHAR[bondOrder]}${atomText(atom)}]`;
}

export function branchSymbol(bondOrder: number, digits: number): string {
  return `[${BOND_CHAR[bondOrder]}Branch${digits}]`;
}

export function ringSymbol(bondOrder: number, digits: number): string {
  return `[${BOND_CHAR[bondOrder]}Ring${digits}]`;
}

/** The symbols that stand for the hexadecimal digits 0..15 after a branch or ring symbol. */
export const INDEX_ALPHABET: readonly string[] = [
  '[C]', '[Ring1]', '[Ring2]', '[Branch1]', '[=Branch1]', '[#Branch1]', '[Branch2]', '[=Branch2]', '[#Branch2]',
  '[O]', '[N]', '[=N]', '[=C]', '[#C]', '[S]', '[P]',
];
const INDEX_OF = new Map(INDEX_ALPHABET.map((s, i) => [s, i]));

/** A symbol's value as an index digit; symbols outside the index alphabet count as 0. */
export function indexDigit(symbol: string): number {
  return INDEX_OF.get(symbol) ?? 0;
}

/** The index symbols for `value` in `digits` hexadecimal digits, most significant first. */
export function indexSymbols(value: number, digits: number): string[] {
  const out: string[] = [];
  for (let i = digits - 1; i >= 0; i--) out.push(INDEX_ALPHABET[Math.floor(value / 16 ** i) % 16]);
  return out;
}

/** How many index digits `value` needs (1 to 3: SELFIES branches and rings span at most 4096 symbols). */
export function digitsFor(value: number): number {
  return value < 16 ? 1 : value < 256 ? 2 : 3;
}

export type SelfiesSymbol =
  | { kind: 'atom'; bond: number; atom: AtomSpec }
  | { kind: 'branch'; bond: number; digits: number }
  | { kind: 'ring'; bond: number; digits: number }
  | { kind: 'dot' };

const ATOM_TEXT = /^(\d+)?([A-Z][a-z]?)(?:H(\d))?([+-]\d)?$/;

/** Reads one symbol; null when it is not part of the grammar. */
export function readSymbol(symbol: string): SelfiesSymbol | null {
  if (symbol === '.') return { kind: 'dot' };
  const m = /^\[([=#]?)(.+)\]$/.exec(symbol);
  if (!m) return null;
  const bond = BOND_ORDER[m[1]];
  const control = /^(Branch|Ring)([123])$/.exec(m[2]);
  if (control) return { kind: control[1] === 'Branch' ? 'branch' : 'ring', bond, digits: Number(control[2]) };
  const a = ATOM_TEXT.exec(m[2]);
  if (!a) return null;
  const [, isotope, element, hydrogens, charge] = a;
  const bracket = hydrogens !== undefined || charge !== undefined || isotope !== undefined;
  if (!bracket && !ORGANIC_SUBSET.has(element)) return null;
  const atom: AtomSpec = { element, bracket, isotope: isotope ? Number(isotope) : null, hydrogens: hydrogens ? Number(hydrogens) : 0, charge: charge ? Number(charge) : 0 };
  return atomValence(atom) === null ? null : { kind: 'atom', bond, atom };
}

/** Splits a SELFIES string into its symbols (`[...]` and `.`). */
export function splitSelfies(selfies: string): string[] | null {
  const symbols = selfies.match(/\[[^[\]]*\]|\./g) ?? [];
  return symbols.join('') === selfies ? symbols : null;
}

/** A small alphabet for drug-like molecules, as used by the generative models' vocabularies and the robustness tests. */
export const DRUG_LIKE_ALPHABET: readonly string[] = [
  '[C]', '[=C]', '[#C]', '[N]', '[=N]', '[#N]', '[O]', '[=O]', '[S]', '[=S]', '[F]', '[Cl]', '[Br]', '[I]', '[P]',
  '[NH1+1]', '[N+1]', '[=N+1]', '[O-1]', '[NH1]', '[CH1-1]',
  '[Branch1]', '[=Branch1]', '[#Branch1]', '[Branch2]', '[Ring1]', '[=Ring1]', '[Ring2]',
];
