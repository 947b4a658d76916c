// A time series as an accessible SVG line chart (the numbers are also listed in a table for screen readers).
import { useId } from 'react';
import { linear, niceTicks } from './scale';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
  colour?: string;
  /** Drawn dashed, without markers: for reference lines such as chance or perfect calibration. */
  dashed?: boolean;
}

export interface LineChartProps {
  title: string;
  series: Series[];
  xLabel?: string;
  yLabel?: string;
  /** How x values print: dates for timelines, plain numbers for epochs or thresholds. */
  xFormat?: (x: number) => string;
  /** Fixed axis ranges, e.g. [0, 1] for rates and probabilities; by default the data's own. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** What the chart shows, in a sentence for screen readers (the SVG's desc). */
  description?: string;
  width?: number;
  height?: number;
}

const PALETTE = ['#1f5fa8', '#b2182b', '#2b7a3d', '#7a4ea3', '#a35d00'];

export function LineChart({ title, series, xLabel, yLabel, xFormat = (x) => String(x), xDomain, yDomain, description, width = 560, height = 220 }: LineChartProps) {
  const titleId = useId();
  const descId = useId();
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (all.length === 0) return <p>No values for {title}.</p>;
  const pad = { left: 56, right: 16, top: 12, bottom: 40 };
  const xs = all.map((p) => p.x);
  const yTicks = yDomain ? niceTicks(yDomain[0], yDomain[1], 4) : niceTicks(Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y)), 4);
  const x0 = xDomain ? xDomain[0] : Math.min(...xs);
  const xMax = xDomain ? xDomain[1] : Math.max(...xs);
  const x1 = xMax === x0 ? x0 + 1 : xMax;
  const sx = linear(x0, x1, pad.left, width - pad.right);
  const sy = linear(yTicks.min, yTicks.max, height - pad.bottom, pad.top);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} aria-describedby={description ? descId : undefined} preserveAspectRatio="xMidYMid meet">
        <title id={titleId}>{title}</title>
        {description ? <desc id={descId}>{description}</desc> : null}
        {yTicks.values.map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={sy(v)} y2={sy(v)} className="grid" />
            <text x={pad.left - 6} y={sy(v) + 4} textAnchor="end" className="tick">
              {Number(v.toPrecision(4))}
            </text>
          </g>
        ))}
        <text x={pad.left} y={height - 22} className="tick">
          {xFormat(x0)}
        </text>
        <text x={width - pad.right} y={height - 22} textAnchor="end" className="tick">
          {xFormat(x1)}
        </text>
        {xLabel ? (
          <text x={(pad.left + width - pad.right) / 2} y={height - 6} textAnchor="middle" className="axis-label">
            {xLabel}
          </text>
        ) : null}
        {yLabel ? (
          <text transform={`translate(12 ${(pad.top + height - pad.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
            {yLabel}
          </text>
        ) : null}
        {series.map((s, i) => {
          const colour = s.colour ?? PALETTE[i % PALETTE.length];
          const points = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
          const d = points.map((p, k) => `${k === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
          return (
            <g key={s.name} data-series={s.name}>
              <path d={d} fill="none" stroke={colour} strokeWidth={s.dashed ? 1.5 : 2} strokeDasharray={s.dashed ? '6 4' : undefined} />
              {!s.dashed && points.length <= 60
                ? points.map((p, k) => <circle key={k} cx={sx(p.x)} cy={sy(p.y)} r={2.5} fill={colour} />)
                : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {title}
        {series.length > 1 ? (
          <span className="legend">
            {series.map((s, i) => (
              <span key={s.name}>
                <span className={s.dashed ? 'swatch dashed' : 'swatch'} style={{ background: s.colour ?? PALETTE[i % PALETTE.length] }} aria-hidden="true" /> {s.name}
              </span>
            ))}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
