// Axis arithmetic for the SVG charts, kept apart from the markup so it can be tested.

export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** Round-number ticks covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { min: 0, max: 1, step: 0.25, values: [0, 0.25, 0.5, 0.75, 1] };
  if (lo === hi) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  const values: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) values.push(Number(v.toPrecision(12)));
  return { min, max, step, values };
}

/** Linear map of [d0, d1] onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Diverging colour for a value in [-1, 1]: blue for negative, red for positive, white at zero. */
export function divergingColour(value: number): string {
  const t = Math.max(-1, Math.min(1, Number.isFinite(value) ? value : 0));
  const fade = (c: number) => Math.round(255 - (255 - c) * Math.abs(t));
  return t >= 0 ? `rgb(${fade(178)}, ${fade(24)}, ${fade(43)})` : `rgb(${fade(33)}, ${fade(102)}, ${fade(172)})`;
}
