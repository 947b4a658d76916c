import type { ReliabilityBin, RocCurve } from '@pmed/tensor';

const SIZE = 320;
const PAD = 40;
const PLOT = SIZE - 2 * PAD;

const px = (v: number): string => (PAD + v * PLOT).toFixed(1);
const py = (v: number): string => (SIZE - PAD - v * PLOT).toFixed(1);

function frame(title: string, xLabel: string, yLabel: string, body: string): string {
  const ticks = [0, 0.5, 1]
    .map((t) => `<text x="${px(t)}" y="${SIZE - PAD + 14}" text-anchor="middle">${t}</text><text x="${PAD - 6}" y="${py(t)}" text-anchor="end" dominant-baseline="middle">${t}</text>`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" font-family="sans-serif" font-size="11">`,
    `<title>${title}</title>`,
    `<rect x="${PAD}" y="${PAD}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#999"/>`,
    `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#bbb" stroke-dasharray="4 3"/>`,
    ticks,
    `<text x="${SIZE / 2}" y="${PAD - 14}" text-anchor="middle" font-size="13">${title}</text>`,
    `<text x="${SIZE / 2}" y="${SIZE - 8}" text-anchor="middle">${xLabel}</text>`,
    `<text x="12" y="${SIZE / 2}" text-anchor="middle" transform="rotate(-90 12 ${SIZE / 2})">${yLabel}</text>`,
    body,
    '</svg>',
  ].join('\n');
}

/** ROC curve as a standalone SVG, with the AUC in the title. */
export function renderRocSvg(curve: Pick<RocCurve, 'fpr' | 'tpr'>, auc: number): string {
  const points = curve.fpr.map((f, i) => `${px(f)},${py(curve.tpr[i])}`).join(' ');
  return frame(`ROC curve (AUC ${auc.toFixed(3)})`, 'false positive rate', 'true positive rate', `<polyline points="${points}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
}

/** Reliability diagram: observed frequency against mean predicted probability per bin; dot area grows with the bin's count. */
export function renderReliabilitySvg(bins: readonly ReliabilityBin[], ece: number): string {
  const total = bins.reduce((a, b) => a + b.count, 0) || 1;
  const line = bins.map((b) => `${px(b.meanPredicted)},${py(b.observed)}`).join(' ');
  const dots = bins.map((b) => `<circle cx="${px(b.meanPredicted)}" cy="${py(b.observed)}" r="${(2 + 8 * Math.sqrt(b.count / total)).toFixed(1)}" fill="#d62728" fill-opacity="0.6"/>`).join('');
  return frame(`Reliability (ECE ${ece.toFixed(3)})`, 'mean predicted probability', 'observed frequency', `<polyline points="${line}" fill="none" stroke="#d62728"/>${dots}`);
}
