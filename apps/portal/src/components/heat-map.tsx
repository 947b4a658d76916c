// A variables x time grid of signed contributions (risk drivers), red raising and blue lowering the risk.
import { useId } from 'react';
import { divergingColour } from './scale';

export interface HeatMapProps {
  title: string;
  rows: string[];
  columns: string[];
  /** values[row][column]; scaled by the largest magnitude so the strongest cell is fully coloured. */
  values: number[][];
}

export function HeatMap({ title, rows, columns, values }: HeatMapProps) {
  const titleId = useId();
  if (rows.length === 0 || columns.length === 0) return <p>No drivers to show.</p>;
  const cell = { w: Math.max(8, Math.min(28, 640 / columns.length)), h: 20 };
  const left = 110;
  const top = 8;
  const width = left + cell.w * columns.length + 8;
  const height = top + cell.h * rows.length + 28;
  const scale = Math.max(1e-12, ...values.flat().map((v) => Math.abs(v)));
  const labelEvery = Math.ceil(columns.length / 12);
  return (
    <figure className="chart heat-map">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{title}</title>
        {rows.map((row, r) => (
          <g key={row}>
            <text x={left - 6} y={top + r * cell.h + cell.h * 0.7} textAnchor="end" className="tick">
              {row}
            </text>
            {columns.map((column, c) => {
              const value = values[r]?.[c] ?? 0;
              return (
                <rect key={column} x={left + c * cell.w} y={top + r * cell.h} width={cell.w - 1} height={cell.h - 1} fill={divergingColour(value / scale)}>
                  <title>{`${row}, ${column}: ${value.toPrecision(3)}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
        {columns.map((column, c) =>
          c % labelEvery === 0 ? (
            <text key={column} x={left + c * cell.w + cell.w / 2} y={height - 12} textAnchor="middle" className="tick">
              {column}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>
        {title} <span className="legend-note">red raises the risk, blue lowers it</span>
      </figcaption>
    </figure>
  );
}
