export interface LabelledSpan {
  start: number;
  end: number;
  type: string;
}

export interface TypeScore {
  type: string;
  gold: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
}

const overlaps = (a: LabelledSpan, b: LabelledSpan): boolean => a.start < b.end && b.start < a.end;

/**
 * Precision and recall per identifier type: a gold span is found when a predicted span of the same
 * type overlaps it; a predicted span is right when it overlaps a gold span of its type. `ALL`
 * ignores types (did the identifier leave the text at all?), the figure that matters for release.
 */
export function scoreDeidentification(notes: readonly { gold: readonly LabelledSpan[]; predicted: readonly LabelledSpan[] }[]): TypeScore[] {
  const types = new Set<string>();
  for (const note of notes) for (const span of [...note.gold, ...note.predicted]) types.add(span.type);
  const score = (type: string | null): TypeScore => {
    let gold = 0;
    let predicted = 0;
    let found = 0;
    let right = 0;
    for (const note of notes) {
      const g = note.gold.filter((s) => type === null || s.type === type);
      const p = note.predicted.filter((s) => type === null || s.type === type);
      gold += g.length;
      predicted += p.length;
      found += g.filter((s) => p.some((q) => overlaps(s, q))).length;
      right += p.filter((s) => g.some((q) => overlaps(s, q))).length;
    }
    return { type: type ?? 'ALL', gold, predicted, truePositives: found, precision: predicted ? right / predicted : 1, recall: gold ? found / gold : 1 };
  };
  return [...[...types].sort().map((type) => score(type)), score(null)];
}
