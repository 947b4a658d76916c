import { ErrorCode, PmedError } from '@pmed/core';
import { parseCsv, splitList, type CsvIssue } from './csv';

// The doctor and drug catalogues as CSV files (one row per doctor or drug, a header naming the
// columns). The checks here need no database: the importer in job-handlers adds the ones that do.

type ColumnType = 'text' | 'list' | 'count' | 'boolean' | 'outcomes';

interface ColumnSpec {
  /** The canonical name (a field of the Doctor or Drug row, or close to it). */
  name: string;
  type: ColumnType;
  required: boolean;
  /** Other header spellings accepted; all matching ignores case, spaces, '_' and '-'. */
  aliases?: string[];
  help: string;
}

export type CatalogueKind = 'doctor' | 'drug';

export const DOCTOR_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: 'text', required: true, help: 'the doctor id (kept on re-import: a row with a known id updates that doctor)' },
  { name: 'name', type: 'text', required: true, help: 'display name' },
  { name: 'specialties', type: 'list', required: true, help: "at least one, e.g. 'cardiology;electrophysiology'" },
  { name: 'languages', type: 'list', required: false, help: "ISO 639-1 codes, e.g. 'en;es'" },
  { name: 'procedures', type: 'list', required: false, help: 'sub-specialty procedures' },
  { name: 'outcomes', type: 'outcomes', required: false, aliases: ['outcomeScores'], help: "outcome scores as name=value pairs, e.g. 'readmissionRate=0.08;mortalityRate=0.02' (rates: lower is better)" },
  { name: 'openSlots', type: 'count', required: false, aliases: ['slots'], help: 'free appointment slots, a whole number >= 0 (new doctors: 0 when the column is left out)' },
  { name: 'npi', type: 'text', required: false, help: 'US National Provider Identifier (10 digits)' },
  { name: 'synthetic', type: 'boolean', required: false, help: 'true for test and demo records' },
];

export const DRUG_COLUMNS: readonly ColumnSpec[] = [
  { name: 'code', type: 'text', required: true, aliases: ['atc', 'rxnorm'], help: 'ATC or RxNorm code (a row with a known code updates that drug)' },
  { name: 'name', type: 'text', required: true, help: 'drug name (unique)' },
  { name: 'classes', type: 'list', required: false, aliases: ['drugClasses', 'class'], help: "drug classes, e.g. 'penicillin;beta-lactam antibiotic'" },
  { name: 'indications', type: 'list', required: false, help: 'condition names or codes it treats' },
  { name: 'contraindications', type: 'list', required: false, help: 'condition names or codes, and allergy substances or classes, that rule it out' },
  { name: 'interactions', type: 'list', required: false, aliases: ['interactsWith'], help: 'drug names, codes or classes it must not be combined with' },
  { name: 'id', type: 'text', required: false, help: 'id for a new drug (default: generated); must match when the drug exists' },
  { name: 'synthetic', type: 'boolean', required: false, help: 'true for test and demo records' },
];

const COLUMNS: Record<CatalogueKind, readonly ColumnSpec[]> = { doctor: DOCTOR_COLUMNS, drug: DRUG_COLUMNS };

/** A doctor row as read from the file; a field is undefined when its column is not in the file. */
export interface DoctorCsvRow {
  line: number;
  id: string;
  name: string;
  specialties: string[];
  languages?: string[];
  procedures?: string[];
  outcomes?: Record<string, number>;
  openSlots?: number;
  npi?: string | null;
  synthetic?: boolean;
}

export interface DrugCsvRow {
  line: number;
  code: string;
  name: string;
  drugClasses?: string[];
  indications?: string[];
  contraindications?: string[];
  interactsWith?: string[];
  id?: string | null;
  synthetic?: boolean;
}

export interface CatalogueCsv<Row> {
  /** Canonical names of the columns the file has, in file order. */
  columns: string[];
  rows: Row[];
}

/** At most this many bad lines are listed in one error (the count says how many there were). */
export const MAX_REPORTED_LINES = 50;
const MAX_TEXT = 500;

const headerKey = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, '');

/** The columns as a help text: one line each, required ones marked. */
export function catalogueColumnsHelp(kind: CatalogueKind): string {
  const specs = COLUMNS[kind];
  const width = Math.max(...specs.map((c) => c.name.length));
  return specs.map((c) => `  ${c.name.padEnd(width)}  ${c.required ? '(required) ' : ''}${c.help}`).join('\n');
}

/** An error naming every bad line (up to MAX_REPORTED_LINES) with its line number. */
export function lineIssuesError(what: string, issues: readonly CsvIssue[], code: ErrorCode = ErrorCode.BAD_USER_INPUT): PmedError {
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, MAX_REPORTED_LINES);
  const more = sorted.length > shown.length ? `; and ${sorted.length - shown.length} more` : '';
  return new PmedError(code, `${what}: ${sorted.length} bad line(s), nothing imported: ${shown.map((i) => `line ${i.line}: ${i.message}`).join('; ')}${more}`, {
    details: { field: 'file', lines: shown },
  });
}

function readHeader(kind: CatalogueKind, fields: readonly string[]): { specs: (ColumnSpec | undefined)[]; problems: string[] } {
  const specs = COLUMNS[kind];
  const byKey = new Map<string, ColumnSpec>();
  for (const spec of specs) for (const alias of [spec.name, ...(spec.aliases ?? [])]) byKey.set(headerKey(alias), spec);
  const found = fields.map((f) => byKey.get(headerKey(f)));
  const problems: string[] = [];
  const unknown = fields.flatMap((f, k) => (found[k] ? [] : [f.trim() ? `'${f.trim()}'` : `(empty name, column ${k + 1})`]));
  if (unknown.length) problems.push(`unknown column(s) ${unknown.join(', ')}; the ${kind} columns are ${specs.map((s) => s.name).join(', ')}`);
  const repeated = specs.filter((s) => found.filter((f) => f === s).length > 1).map((s) => s.name);
  if (repeated.length) problems.push(`column(s) given more than once: ${repeated.join(', ')}`);
  const missing = specs.filter((s) => s.required && !found.includes(s)).map((s) => s.name);
  if (missing.length) problems.push(`missing required column(s): ${missing.join(', ')}`);
  return { specs: found, problems };
}

type CellValue = string | string[] | number | boolean | Record<string, number> | null;

function readCell(spec: ColumnSpec, raw: string): { value: CellValue } | { error: string } {
  const cell = raw.trim();
  switch (spec.type) {
    case 'text':
      if (!cell) return spec.required ? { error: `${spec.name} is empty` } : { value: null };
      if (cell.length > MAX_TEXT) return { error: `${spec.name} is longer than ${MAX_TEXT} characters` };
      return { value: cell };
    case 'list': {
      const items = splitList(cell);
      const long = items.find((x) => x.length > MAX_TEXT);
      if (long) return { error: `${spec.name}: an entry is longer than ${MAX_TEXT} characters` };
      if (spec.required && items.length === 0) return { error: `${spec.name} needs at least one entry` };
      return { value: items };
    }
    case 'count': {
      if (!/^\d{1,9}$/.test(cell)) return { error: `${spec.name} must be a whole number >= 0, got '${cell}'` };
      return { value: Number(cell) };
    }
    case 'boolean': {
      const v = cell.toLowerCase();
      if (['true', 'yes', '1'].includes(v)) return { value: true };
      if (['false', 'no', '0', ''].includes(v)) return { value: false };
      return { error: `${spec.name} must be true or false, got '${cell}'` };
    }
    case 'outcomes': {
      const out: Record<string, number> = {};
      for (const pair of splitList(cell)) {
        const m = /^([A-Za-z][\w.-]{0,63})\s*[=:]\s*(\S+)$/.exec(pair);
        const value = m ? Number(m[2]) : Number.NaN;
        if (!m || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(m[2] as string) || !Number.isFinite(value)) return { error: `${spec.name}: '${pair}' is not name=number (e.g. readmissionRate=0.08)` };
        if (Object.prototype.hasOwnProperty.call(out, m[1] as string)) return { error: `${spec.name}: ${m[1]} is given twice` };
        out[m[1] as string] = value;
      }
      return { value: out };
    }
  }
}

function parseCatalogue(kind: CatalogueKind, input: string | Uint8Array): { columns: string[]; rows: { line: number; values: Map<string, CellValue> }[] } {
  const what = `${kind} CSV`;
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const { records, issues } = parseCsv(text);
  const header = records[0];
  const firstIssue = issues[0];
  if (!header || (firstIssue && firstIssue.line < header.line)) {
    if (issues.length) throw lineIssuesError(what, issues);
    throw new PmedError(ErrorCode.BAD_USER_INPUT, `${what}: the file is empty; it needs a header line naming the columns (${COLUMNS[kind].map((c) => c.name).join(', ')})`, { details: { field: 'file' } });
  }
  const { specs, problems } = readHeader(kind, header.fields);
  if (problems.length) throw new PmedError(ErrorCode.BAD_USER_INPUT, `${what}: header (line ${header.line}): ${problems.join('; ')}`, { details: { field: 'header', line: header.line } });
  const keyName = kind === 'doctor' ? 'id' : 'code';
  const firstLineOf = new Map<string, number>();
  const firstNameLine = new Map<string, number>();
  const rows: { line: number; values: Map<string, CellValue> }[] = [];
  const bad: CsvIssue[] = [...issues];
  for (const record of records.slice(1)) {
    if (record.fields.length !== specs.length) {
      bad.push({ line: record.line, message: `expected ${specs.length} fields as in the header, found ${record.fields.length} (a field with a comma must be in double quotes)` });
      continue;
    }
    const values = new Map<string, CellValue>();
    const errors: string[] = [];
    record.fields.forEach((raw, k) => {
      const spec = specs[k] as ColumnSpec;
      const cell = readCell(spec, raw);
      if ('error' in cell) errors.push(cell.error);
      else values.set(spec.name, cell.value);
    });
    if (kind === 'doctor' && typeof values.get('npi') === 'string' && !/^\d{10}$/.test(values.get('npi') as string)) errors.push(`npi must be 10 digits, got '${values.get('npi')}'`);
    const key = values.get(keyName);
    if (typeof key === 'string') {
      const earlier = firstLineOf.get(key.toLowerCase());
      if (earlier !== undefined) errors.push(`${keyName} ${key} already appears on line ${earlier}`);
      else firstLineOf.set(key.toLowerCase(), record.line);
    }
    const name = values.get('name');
    if (kind === 'drug' && typeof name === 'string') {
      const earlier = firstNameLine.get(name.toLowerCase());
      if (earlier !== undefined) errors.push(`name ${name} already appears on line ${earlier}`);
      else firstNameLine.set(name.toLowerCase(), record.line);
    }
    if (errors.length) bad.push({ line: record.line, message: errors.join('; ') });
    else rows.push({ line: record.line, values });
  }
  if (bad.length) throw lineIssuesError(what, bad);
  if (rows.length === 0) throw new PmedError(ErrorCode.BAD_USER_INPUT, `${what}: no ${kind} rows after the header`, { details: { field: 'file' } });
  return { columns: specs.map((s) => (s as ColumnSpec).name), rows };
}

const pick = <T>(values: Map<string, CellValue>, name: string): T | undefined => (values.has(name) ? (values.get(name) as T) : undefined);

/**
 * Reads a doctor catalogue CSV. The header is required; an unknown, repeated or missing required
 * column stops the read naming it, and every malformed row is reported with its line number (no
 * rows are returned unless all are good).
 */
export function parseDoctorCsv(input: string | Uint8Array): CatalogueCsv<DoctorCsvRow> {
  const { columns, rows } = parseCatalogue('doctor', input);
  return {
    columns,
    rows: rows.map(({ line, values }) => {
      const row: DoctorCsvRow = { line, id: values.get('id') as string, name: values.get('name') as string, specialties: values.get('specialties') as string[] };
      if (values.has('languages')) row.languages = pick(values, 'languages');
      if (values.has('procedures')) row.procedures = pick(values, 'procedures');
      if (values.has('outcomes')) row.outcomes = pick(values, 'outcomes');
      if (values.has('openSlots')) row.openSlots = pick(values, 'openSlots');
      if (values.has('npi')) row.npi = pick(values, 'npi');
      if (values.has('synthetic')) row.synthetic = pick(values, 'synthetic');
      return row;
    }),
  };
}

/** Reads a drug catalogue CSV, with the same header and line checks as parseDoctorCsv. */
export function parseDrugCsv(input: string | Uint8Array): CatalogueCsv<DrugCsvRow> {
  const { columns, rows } = parseCatalogue('drug', input);
  return {
    columns,
    rows: rows.map(({ line, values }) => {
      const row: DrugCsvRow = { line, code: values.get('code') as string, name: values.get('name') as string };
      if (values.has('classes')) row.drugClasses = pick(values, 'classes');
      if (values.has('indications')) row.indications = pick(values, 'indications');
      if (values.has('contraindications')) row.contraindications = pick(values, 'contraindications');
      if (values.has('interactions')) row.interactsWith = pick(values, 'interactions');
      if (values.has('id')) row.id = pick(values, 'id');
      if (values.has('synthetic')) row.synthetic = pick(values, 'synthetic');
      return row;
    }),
  };
}
