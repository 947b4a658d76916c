import type { Heatmap } from '../model/explain';

export interface HeatmapSvgOptions {
  /** Show only the rows with the largest total |contribution|. Default: every row with a non-zero cell. */
  maxRows?: number;
  cellWidth?: number;
  cellHeight?: number;
  title?: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Red raised the risk, blue lowered it; the colour scale is symmetric around 0 at the largest |value|. */
function colour(value: number, scale: number): string {
  if (scale <= 0 || value === 0) return '#f7f7f7';
  const t = Math.min(1, Math.abs(value) / scale);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return value > 0 ? `rgb(${mix(247, 178)},${mix(247, 24)},${mix(247, 43)})` : `rgb(${mix(247, 33)},${mix(247, 102)},${mix(247, 172)})`;
}

/** The variables x hours occlusion map as a standalone SVG document. */
export function renderHeatmapSvg(heatmap: Heatmap, options: HeatmapSvgOptions = {}): string {
  const cw = options.cellWidth ?? 12;
  const ch = options.cellHeight ?? 14;
  const totals = heatmap.values.map((row) => row.reduce((s, v) => s + Math.abs(v), 0));
  const rows = heatmap.variables
    .map((name, i) => ({ name, i, total: totals[i] }))
    .filter((r) => r.total > 0)
    .sort((a, b) => b.total - a.total)
    .slice(0, options.maxRows ?? heatmap.variables.length);
  const scale = Math.max(0, ...rows.flatMap((r) => heatmap.values[r.i].map(Math.abs)));
  const left = 110;
  const top = options.title ? 34 : 14;
  const width = left + heatmap.binStartHours.length * cw + 10;
  const height = top + Math.max(1, rows.length) * ch + 24;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  if (options.title) parts.push(`<text x="${left}" y="16" font-size="12">${escape(options.title)}</text>`);
  rows.forEach((r, y) => {
    parts.push(`<text x="${left - 4}" y="${top + y * ch + ch - 3}" text-anchor="end">${escape(r.name)}</text>`);
    heatmap.values[r.i].forEach((v, x) => {
      parts.push(`<rect x="${left + x * cw}" y="${top + y * ch}" width="${cw - 1}" height="${ch - 1}" fill="${colour(v, scale)}"><title>${escape(r.name)} @ ${heatmap.binStartHours[x]} h: ${v.toFixed(4)}</title></rect>`);
    });
  });
  if (rows.length === 0) parts.push(`<text x="${left}" y="${top + 10}">no input changed the risk</text>`);
  const axisY = top + Math.max(1, rows.length) * ch + 14;
  heatmap.binStartHours.forEach((h, x) => {
    if (x % 6 === 0) parts.push(`<text x="${left + x * cw}" y="${axisY}">${h} h</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
