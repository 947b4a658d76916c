import { ErrorCode, PmedError, badInput } from '@pmed/core';
import { parseBracketAtom, tokenizeSmiles, tokenKind } from '../smiles/tokenizer';
import { atomSymbol, atomValence, branchSymbol, digitsFor, indexSymbols, ORGANIC_SUBSET, ringSymbol, type AtomSpec } from './alphabet';

interface TreeAtom {
  index: number;
  spec: AtomSpec;
  /** Ring bonds this atom closes: to an earlier atom, with their order. */
  closes: { target: number; order: number }[];
  /** Bonded atoms that follow in the SMILES, in order; the last continues the main chain. */
  children: { node: TreeAtom; order: number }[];
  bondSum: number;
}

const BOND_ORDER: Record<string, number> = { '-': 1, '=': 2, '#': 3 };

function unsupported(message: string, smiles: string): PmedError {
  return new PmedError(ErrorCode.UNSUPPORTED_FORMAT, `cannot encode "${smiles}" as SELFIES: ${message}`, { details: { smiles } });
}

/**
 * Reads a Kekulé SMILES (no aromatic atoms; RdkitSession.kekuleSmiles gives one) into its
 * depth-first tree. Stereo marks are refused: this encoder keeps constitution only.
 */
function readTree(smiles: string): TreeAtom[] {
  const tokens = tokenizeSmiles(smiles);
  const roots: TreeAtom[] = [];
  const atoms: TreeAtom[] = [];
  const stack: TreeAtom[] = [];
  const openRings = new Map<string, { atom: TreeAtom; order: number | null }>();
  let current: TreeAtom | null = null;
  let bond: number | null = null;
  for (const token of tokens) {
    const kind = tokenKind(token);
    if (kind === 'bond') {
      if (!(token in BOND_ORDER)) throw unsupported(`bond "${token}" (stereo, aromatic or quadruple bonds are not encoded; give a Kekulé SMILES without stereo)`, smiles);
      bond = BOND_ORDER[token];
    } else if (kind === 'atom') {
      const spec = atomSpec(token, smiles);
      const node: TreeAtom = { index: atoms.length, spec, closes: [], children: [], bondSum: 0 };
      atoms.push(node);
      if (current) {
        const order = bond ?? 1;
        current.children.push({ node, order });
        current.bondSum += order;
        node.bondSum += order;
      } else roots.push(node);
      current = node;
      bond = null;
    } else if (kind === 'ring') {
      if (!current) throw badInput('smiles', `ring closure ${token} before any atom`);
      const open = openRings.get(token);
      if (open) {
        const order = bond ?? open.order ?? 1;
        current.closes.push({ target: open.atom.index, order });
        current.bondSum += order;
        open.atom.bondSum += order;
        openRings.delete(token);
      } else openRings.set(token, { atom: current, order: bond });
      bond = null;
    } else if (kind === 'branch-open') {
      if (!current) throw badInput('smiles', 'branch before any atom');
      stack.push(current);
    } else if (kind === 'branch-close') {
      const top = stack.pop();
      if (!top) throw badInput('smiles', 'unbalanced parentheses');
      current = top;
    } else {
      current = null;
      bond = null;
    }
  }
  if (openRings.size) throw badInput('smiles', `unclosed ring ${[...openRings.keys()].join(', ')}`);
  for (const atom of atoms) {
    const valence = atomValence(atom.spec) as number;
    if (atom.bondSum > valence) throw unsupported(`atom ${atom.index + 1} (${atom.spec.element}) has ${atom.bondSum} bonds, more than the ${valence} SELFIES allows it`, smiles);
  }
  return roots;
}

function atomSpec(token: string, smiles: string): AtomSpec {
  if (!token.startsWith('[')) {
    if (token !== token[0].toUpperCase() + token.slice(1)) throw unsupported(`aromatic atom ${token} (kekulise first)`, smiles);
    if (token === '*' || !ORGANIC_SUBSET.has(token)) throw unsupported(`atom ${token}`, smiles);
    return { element: token, bracket: false, isotope: null, hydrogens: 0, charge: 0 };
  }
  const parsed = parseBracketAtom(token);
  if (!parsed) throw badInput('smiles', `unreadable bracket atom ${token}`);
  if (parsed.aromatic) throw unsupported(`aromatic atom ${token} (kekulise first)`, smiles);
  if (parsed.chirality) throw unsupported(`chirality in ${token}`, smiles);
  const spec: AtomSpec = { element: parsed.element, bracket: true, isotope: parsed.isotope, hydrogens: parsed.hydrogens, charge: parsed.charge };
  if (atomValence(spec) === null || parsed.hydrogens > 9) throw unsupported(`atom ${token} (element or charge outside the SELFIES valence table)`, smiles);
  return spec;
}

function emit(node: TreeAtom, order: number, out: string[]): void {
  out.push(atomSymbol(order, node.spec));
  for (const ring of node.closes) {
    const q = node.index - ring.target - 1;
    const digits = digitsFor(q);
    if (q >= 4096) throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, 'a ring closure spans more than 4096 atoms');
    out.push(ringSymbol(ring.order, digits), ...indexSymbols(q, digits));
  }
  node.children.forEach((child, i) => {
    if (i === node.children.length - 1) {
      emit(child.node, child.order, out);
      return;
    }
    const branch: string[] = [];
    emit(child.node, child.order, branch);
    const q = branch.length - 1;
    if (q >= 4096) throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, 'a branch spans more than 4096 symbols');
    const digits = digitsFor(q);
    out.push(branchSymbol(child.order, digits), ...indexSymbols(q, digits), ...branch);
  });
}

/**
 * SELFIES for a Kekulé SMILES without stereo marks. Use `encodeSelfies` (selfies.ts) for any SMILES:
 * it kekulises through RDKit first.
 */
export function kekuleSmilesToSelfies(kekuleSmiles: string): string {
  const out: string[] = [];
  readTree(kekuleSmiles).forEach((root, i) => {
    if (i > 0) out.push('.');
    emit(root, 1, out);
  });
  return out.join('');
}
