// Splitting a note into plain runs and concept spans for highlighting.

export interface Span {
  start: number;
  end: number;
}

export interface Segment<T extends Span> {
  text: string;
  span: T | null;
}

/** Non-overlapping segments in text order; a span overlapping an earlier one is left unmarked. */
export function segmentText<T extends Span>(text: string, spans: readonly T[]): Segment<T>[] {
  const sorted = [...spans].filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const segments: Segment<T>[] = [];
  let at = 0;
  for (const span of sorted) {
    if (span.start < at) continue;
    if (span.start > at) segments.push({ text: text.slice(at, span.start), span: null });
    segments.push({ text: text.slice(span.start, span.end), span });
    at = span.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), span: null });
  return segments;
}
