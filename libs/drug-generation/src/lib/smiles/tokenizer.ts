import { badInput } from '@pmed/core';

/**
 * One SMILES token: a bracket atom (`[nH]`, `[C@@H]`, `[NH3+]`, `[13CH3]`), an organic-subset atom
 * (two-letter `Cl`/`Br` before one-letter ones, aromatic lower case), a bond (`-=#$:/\`), a branch
 * parenthesis, a ring-closure digit or `%nn`, or the fragment separator `.`.
 */
const TOKEN = /\[[^[\]]+\]|Br|Cl|[BCNOPSFI]|[bcnops]|\*|[-=#$:/\\]|[()]|%\d{2}|\d|\./y;

export type SmilesTokenKind = 'atom' | 'bond' | 'branch-open' | 'branch-close' | 'ring' | 'dot';

/** The kind of a token produced by tokenizeSmiles. */
export function tokenKind(token: string): SmilesTokenKind {
  if (token === '(') return 'branch-open';
  if (token === ')') return 'branch-close';
  if (token === '.') return 'dot';
  if (/^(\d|%\d{2})$/.test(token)) return 'ring';
  if (/^[-=#$:/\\]$/.test(token)) return 'bond';
  return 'atom';
}

/** Splits a SMILES string into tokens; throws BAD_USER_INPUT naming the position of the first character that is not SMILES. */
export function tokenizeSmiles(smiles: string, field = 'smiles'): string[] {
  if (typeof smiles !== 'string' || smiles.length === 0) throw badInput(field, 'must be a non-empty SMILES string');
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < smiles.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(smiles);
    if (!match) throw badInput(field, `unexpected character "${smiles[at]}" at position ${at + 1}`, { position: at + 1 });
    tokens.push(match[0]);
  }
  return tokens;
}

/** A bracket atom's parts. */
export interface BracketAtom {
  isotope: number | null;
  element: string;
  aromatic: boolean;
  chirality: '@' | '@@' | null;
  hydrogens: number;
  charge: number;
}

const BRACKET = /^\[(\d+)?([A-Z][a-z]?|se|as|[bcnops]|\*)(@@|@)?(?:H(\d*))?(?:([+-])(\d*)|(\+\+|--))?(?::\d+)?\]$/;

/** Parses `[13CH3+]`-style atoms; null when the bracket text is not a SMILES atom. */
export function parseBracketAtom(token: string): BracketAtom | null {
  const m = BRACKET.exec(token);
  if (!m) return null;
  const [, isotope, element, chirality, hydrogens, sign, magnitude, doubled] = m;
  let charge = 0;
  if (doubled) charge = doubled === '++' ? 2 : -2;
  else if (sign) charge = (sign === '+' ? 1 : -1) * (magnitude ? Number(magnitude) : 1);
  const aromatic = element === element.toLowerCase() && element !== '*';
  return {
    isotope: isotope ? Number(isotope) : null,
    element: aromatic ? element[0].toUpperCase() + element.slice(1) : element,
    aromatic,
    chirality: (chirality as '@' | '@@' | undefined) ?? null,
    hydrogens: hydrogens === undefined ? 0 : hydrogens === '' ? 1 : Number(hydrogens),
    charge,
  };
}
