import { badInput } from '@pmed/core';
import type { EpochRecord } from './types';

export interface HistoryChartOptions {
  /** Metrics to draw; default every metric whose name contains `loss`. */
  metrics?: string[];
  title?: string;
  width?: number;
  height?: number;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const MARGIN = { left: 64, right: 150, top: 36, bottom: 44 };

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

function formatTick(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3)).toString();
}

/**
 * Renders training curves (one line per metric against the epoch) as a standalone SVG document, so
 * a training run's history can be opened in any browser or embedded in a report.
 */
export function renderHistorySvg(history: readonly EpochRecord[], options: HistoryChartOptions = {}): string {
  if (history.length === 0) throw badInput('history', 'has no epochs to draw');
  const names = options.metrics ?? [...new Set(history.flatMap((h) => Object.keys(h.metrics)))].filter((n) => n.includes('loss'));
  if (names.length === 0) throw badInput('metrics', 'no metric to draw; name some with the metrics option');
  for (const name of names) {
    if (!history.some((h) => Number.isFinite(h.metrics[name]))) throw badInput('metrics', `${name} has no finite value in the history`);
  }
  const width = options.width ?? 640;
  const height = options.height ?? 360;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const values = history.flatMap((h) => names.map((n) => h.metrics[n])).filter((v) => Number.isFinite(v));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const firstEpoch = history[0].epoch;
  const lastEpoch = history[history.length - 1].epoch;
  const sx = (epoch: number): number => MARGIN.left + (lastEpoch === firstEpoch ? plotW / 2 : ((epoch - firstEpoch) / (lastEpoch - firstEpoch)) * plotW);
  const sy = (v: number): number => MARGIN.top + (1 - (v - lo) / (hi - lo)) * plotH;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(options.title ?? 'Training history')}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    const y = sy(v).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatTick(v)}</text>`);
  }
  const step = Math.max(1, Math.ceil((lastEpoch - firstEpoch + 1) / 10));
  for (let e = firstEpoch; e <= lastEpoch; e += step) {
    parts.push(`<text x="${sx(e).toFixed(1)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${e + 1}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 8}" text-anchor="middle">epoch</text>`);
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  names.forEach((name, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = history
      .filter((h) => Number.isFinite(h.metrics[name]))
      .map((h) => `${sx(h.epoch).toFixed(1)},${sy(h.metrics[name]).toFixed(1)}`)
      .join(' ');
    const dash = name.startsWith('val_') ? ' stroke-dasharray="6 3"' : '';
    parts.push(`<polyline data-metric="${escapeXml(name)}" fill="none" stroke="${colour}" stroke-width="2"${dash} points="${points}"/>`);
    const ly = MARGIN.top + 10 + i * 18;
    parts.push(`<line x1="${width - MARGIN.right + 12}" x2="${width - MARGIN.right + 36}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${width - MARGIN.right + 42}" y="${ly}" dominant-baseline="middle">${escapeXml(name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
