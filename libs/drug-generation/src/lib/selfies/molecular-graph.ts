import type { AtomSpec } from './alphabet';

export interface GraphAtom extends AtomSpec {
  /** Bonds to heavy atoms it may still form. */
  free: number;
}

/** Atoms and bonds (orders 1 to 3), with neighbours kept in the order bonds were made. */
export class MolecularGraph {
  readonly atoms: GraphAtom[] = [];
  private readonly neighbours: number[][] = [];
  private readonly orders = new Map<string, number>();

  addAtom(spec: AtomSpec, valence: number): number {
    this.atoms.push({ ...spec, free: valence });
    this.neighbours.push([]);
    return this.atoms.length - 1;
  }

  bondOrder(a: number, b: number): number {
    return this.orders.get(key(a, b)) ?? 0;
  }

  /** Adds `order` to the bond a-b (making it if new); the caller has checked both atoms' free valence. */
  addBond(a: number, b: number, order: number): void {
    const k = key(a, b);
    const existing = this.orders.get(k) ?? 0;
    if (existing === 0) {
      this.neighbours[a].push(b);
      this.neighbours[b].push(a);
    }
    this.orders.set(k, existing + order);
    this.atoms[a].free -= order;
    this.atoms[b].free -= order;
  }

  neighboursOf(a: number): readonly number[] {
    return this.neighbours[a];
  }
}

function key(a: number, b: number): string {
  return a < b ? `${a},${b}` : `${b},${a}`;
}

const BOND_TEXT: Record<number, string> = { 1: '', 2: '=', 3: '#' };

function atomSmiles(atom: AtomSpec): string {
  if (!atom.bracket) return atom.element;
  const h = atom.hydrogens === 0 ? '' : atom.hydrogens === 1 ? 'H' : `H${atom.hydrogens}`;
  const charge = atom.charge === 0 ? '' : `${atom.charge > 0 ? '+' : '-'}${Math.abs(atom.charge) === 1 ? '' : Math.abs(atom.charge)}`;
  return `[${atom.isotope ?? ''}${atom.element}${h}${charge}]`;
}

function ringLabel(n: number): string {
  return n < 10 ? String(n) : `%${n}`;
}

/**
 * Writes the graph as (Kekulé) SMILES by depth-first search from each fragment's first atom;
 * edges that close cycles become ring-closure digits, reused once closed.
 */
export function writeSmiles(graph: MolecularGraph): string {
  const n = graph.atoms.length;
  const visited = new Uint8Array(n);
  const parent = new Int32Array(n).fill(-1);
  const children: number[][] = Array.from({ length: n }, () => []);
  // Ring edges per atom: opened here (partner later) or closed here (partner earlier).
  const rings: { partner: number; opens: boolean }[][] = Array.from({ length: n }, () => []);
  const order: number[] = [];
  const roots: number[] = [];
  for (let start = 0; start < n; start++) {
    if (visited[start]) continue;
    roots.push(start);
    const stack: number[] = [start];
    // Iterative DFS that mirrors the recursive order: neighbours in bond-creation order.
    const next = new Int32Array(n);
    visited[start] = 1;
    order.push(start);
    while (stack.length) {
      const a = stack[stack.length - 1];
      const list = graph.neighboursOf(a);
      if (next[a] >= list.length) {
        stack.pop();
        continue;
      }
      const b = list[next[a]++];
      if (b === parent[a]) continue;
      if (visited[b]) {
        // Seen from the later atom first (b is an ancestor): record the ring once.
        if (!rings[b].some((r) => r.partner === a)) {
          rings[b].push({ partner: a, opens: true });
          rings[a].push({ partner: b, opens: false });
        }
        continue;
      }
      visited[b] = 1;
      parent[b] = a;
      children[a].push(b);
      order.push(b);
      stack.push(b);
    }
  }
  const labels = new Map<string, number>();
  const inUse = new Set<number>();
  const out: string[] = [];
  const emit = (a: number): void => {
    out.push(atomSmiles(graph.atoms[a]));
    for (const ring of rings[a]) {
      const k = key(a, ring.partner);
      if (!ring.opens) {
        const label = labels.get(k) as number;
        out.push(BOND_TEXT[graph.bondOrder(a, ring.partner)] + ringLabel(label));
        inUse.delete(label);
      } else {
        let label = 1;
        while (inUse.has(label)) label++;
        inUse.add(label);
        labels.set(k, label);
        out.push(BOND_TEXT[graph.bondOrder(a, ring.partner)] + ringLabel(label));
      }
    }
    const kids = children[a];
    kids.forEach((child, i) => {
      const bond = BOND_TEXT[graph.bondOrder(a, child)];
      if (i < kids.length - 1) {
        out.push('(', bond);
        emit(child);
        out.push(')');
      } else {
        out.push(bond);
        emit(child);
      }
    });
  };
  roots.forEach((root, i) => {
    if (i > 0) out.push('.');
    emit(root);
  });
  return out.join('');
}
