import { badInput } from '@pmed/core';

export interface AssignmentInput {
  /** fit[p][d]: how well patient p suits doctor d; NaN or -Infinity where p may not go to d. */
  fit: readonly (readonly number[])[];
  /** Open slots of each doctor. */
  capacity: readonly number[];
}

export interface AssignmentResult {
  /** doctor index per patient, -1 when the patient could not be placed (capacity ran out). */
  doctorOf: Int32Array;
  totalFit: number;
  assigned: number;
}

interface Edge {
  to: number;
  cap: number;
  cost: number;
  rev: number;
}

/**
 * Exact capacity-constrained assignment by min-cost max-flow (successive shortest paths with
 * Bellman-Ford, which handles the negated fits): first as many patients placed as capacity and
 * eligibility allow, and among those placements the largest total fit.
 */
export function assignPatients({ fit, capacity }: AssignmentInput): AssignmentResult {
  const nP = fit.length;
  const nD = capacity.length;
  capacity.forEach((c, d) => {
    if (!Number.isInteger(c) || c < 0) throw badInput(`capacity[${d}]`, `must be a non-negative integer, got ${c}`);
  });
  fit.forEach((row, p) => {
    if (row.length !== nD) throw badInput(`fit[${p}]`, `must have one value per doctor (${nD}), got ${row.length}`);
    row.forEach((v, d) => {
      if (typeof v !== 'number' || v === Infinity) throw badInput(`fit[${p}][${d}]`, `must be a finite number (or NaN / -Infinity for "not eligible"), got ${v}`);
    });
  });
  // Nodes: source 0, patients 1..nP, doctors nP+1..nP+nD, sink nP+nD+1.
  const n = nP + nD + 2;
  const source = 0;
  const sink = n - 1;
  const graph: Edge[][] = Array.from({ length: n }, () => []);
  const addEdge = (from: number, to: number, cap: number, cost: number) => {
    (graph[from] as Edge[]).push({ to, cap, cost, rev: (graph[to] as Edge[]).length });
    (graph[to] as Edge[]).push({ to: from, cap: 0, cost: -cost, rev: (graph[from] as Edge[]).length - 1 });
  };
  // A large bonus per placement makes "place as many as possible" dominate "maximise fit".
  let span = 1;
  for (const row of fit) for (const v of row) if (Number.isFinite(v)) span = Math.max(span, Math.abs(v));
  const placementBonus = 2 * span * (nP + 1);
  for (let p = 0; p < nP; p++) {
    addEdge(source, 1 + p, 1, 0);
    for (let d = 0; d < nD; d++) {
      const v = (fit[p] as readonly number[])[d] as number;
      if (Number.isFinite(v) && (capacity[d] as number) > 0) addEdge(1 + p, 1 + nP + d, 1, -(v + placementBonus));
    }
  }
  for (let d = 0; d < nD; d++) if ((capacity[d] as number) > 0) addEdge(1 + nP + d, sink, capacity[d] as number, 0);

  const dist = new Float64Array(n);
  const prevNode = new Int32Array(n);
  const prevEdge = new Int32Array(n);
  const inQueue = new Uint8Array(n);
  for (;;) {
    dist.fill(Infinity);
    dist[source] = 0;
    const queue = [source];
    inQueue.fill(0);
    inQueue[source] = 1;
    // SPFA (queue-based Bellman-Ford): residual costs may be negative.
    while (queue.length) {
      const v = queue.shift() as number;
      inQueue[v] = 0;
      const dv = dist[v] as number;
      (graph[v] as Edge[]).forEach((e, idx) => {
        if (e.cap > 0 && dv + e.cost < (dist[e.to] as number) - 1e-12) {
          dist[e.to] = dv + e.cost;
          prevNode[e.to] = v;
          prevEdge[e.to] = idx;
          if (!inQueue[e.to]) {
            inQueue[e.to] = 1;
            queue.push(e.to);
          }
        }
      });
    }
    // Every augmenting path costs less than zero (bonus > any fit), so stop only when none is left.
    if (dist[sink] === Infinity) break;
    for (let v = sink; v !== source; v = prevNode[v] as number) {
      const e = (graph[prevNode[v] as number] as Edge[])[prevEdge[v] as number] as Edge;
      e.cap -= 1;
      ((graph[v] as Edge[])[e.rev] as Edge).cap += 1;
    }
  }
  const doctorOf = new Int32Array(nP).fill(-1);
  let totalFit = 0;
  let assigned = 0;
  for (let p = 0; p < nP; p++) {
    for (const e of graph[1 + p] as Edge[]) {
      // A saturated forward edge from patient to doctor is a placement.
      if (e.to > nP && e.to <= nP + nD && e.cap === 0) {
        doctorOf[p] = e.to - 1 - nP;
        totalFit += (fit[p] as readonly number[])[e.to - 1 - nP] as number;
        assigned++;
      }
    }
  }
  return { doctorOf, totalFit, assigned };
}
