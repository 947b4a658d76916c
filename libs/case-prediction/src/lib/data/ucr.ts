import { ErrorCode, PmedError, badInput } from '@pmed/core';

/** A UCR-archive set: one label and one univariate series per row (lengths may differ; NaN pads). */
export interface UcrDataset {
  /** Original labels as written (e.g. -1 and 1). */
  rawLabels: number[];
  series: Float32Array[];
  /** Length of the longest series. */
  length: number;
}

/**
 * Reads UCR 2018 TSV (or the older comma-separated) text: label first, then the values. Trailing
 * `NaN` values (the archive's padding of shorter series) are cut off.
 */
export function parseUcr(text: string, options: { file: string }): UcrDataset {
  const rawLabels: number[] = [];
  const series: Float32Array[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(/[\t,]/);
    const where = `${options.file}:${i + 1}`;
    if (fields.length < 2) throw new PmedError(ErrorCode.BAD_USER_INPUT, `${where}: a row needs a label and at least one value`, { details: { file: options.file, line: i + 1 } });
    const label = Number(fields[0]);
    if (!Number.isFinite(label)) throw new PmedError(ErrorCode.BAD_USER_INPUT, `${where}: label "${fields[0]}" is not a number`, { details: { file: options.file, line: i + 1 } });
    const values: number[] = [];
    for (let j = 1; j < fields.length; j++) {
      const f = fields[j].trim();
      const v = f === 'NaN' || f === '' ? Number.NaN : Number(f);
      if (Number.isNaN(v) && f !== 'NaN' && f !== '') {
        throw new PmedError(ErrorCode.BAD_USER_INPUT, `${where}: value ${j} "${f}" is not a number`, { details: { file: options.file, line: i + 1, column: j + 1 } });
      }
      values.push(v);
    }
    let end = values.length;
    while (end > 0 && Number.isNaN(values[end - 1])) end--;
    if (end === 0) throw new PmedError(ErrorCode.BAD_USER_INPUT, `${where}: the series has no values`, { details: { file: options.file, line: i + 1 } });
    if (values.slice(0, end).some((v) => Number.isNaN(v))) {
      throw new PmedError(ErrorCode.BAD_USER_INPUT, `${where}: missing values inside the series (only trailing NaN padding is allowed)`, { details: { file: options.file, line: i + 1 } });
    }
    rawLabels.push(label);
    series.push(Float32Array.from(values.slice(0, end)));
  }
  if (series.length === 0) throw badInput('file', `${options.file} holds no rows`);
  return { rawLabels, series, length: Math.max(...series.map((s) => s.length)) };
}

/** Maps raw labels to 0..k-1 in ascending order of the raw value; the same map must serve train and test. */
export function ucrClassMap(labels: readonly number[]): number[] {
  return [...new Set(labels)].sort((a, b) => a - b);
}
