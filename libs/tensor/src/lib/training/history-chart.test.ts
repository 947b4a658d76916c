import { renderHistorySvg } from './history-chart';
import type { EpochRecord } from './types';

const history: EpochRecord[] = [0.9, 0.6, 0.45, 0.4].map((loss, epoch) => ({
  epoch,
  metrics: { loss, val_loss: loss + 0.1 + (epoch === 3 ? 0.1 : 0), acc: 0.5 + epoch / 10 },
  durationMs: 10,
}));

describe('renderHistorySvg', () => {
  it('draws one line per loss curve with a point per epoch', () => {
    const svg = renderHistorySvg(history, { title: 'CNN <fold 1>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const lines = [...svg.matchAll(/<polyline data-metric="([^"]+)"[^>]* points="([^"]+)"/g)];
    expect(lines.map((m) => m[1])).toEqual(['loss', 'val_loss']);
    for (const m of lines) expect(m[2].split(' ')).toHaveLength(4);
    expect(svg).toContain('CNN &lt;fold 1&gt;');
    // SVG y grows downwards, so a falling loss ends lower on the page.
    const ys = lines[0][2].split(' ').map((p) => Number(p.split(',')[1]));
    expect(ys[3]).toBeGreaterThan(ys[0]);
  });

  it('draws chosen metrics and refuses empty input or unknown metrics', () => {
    expect(renderHistorySvg(history, { metrics: ['acc'] })).toContain('data-metric="acc"');
    expect(() => renderHistorySvg([])).toThrow(/history: has no epochs/);
    expect(() => renderHistorySvg(history, { metrics: ['auc'] })).toThrow(/auc has no finite value/);
  });
});
