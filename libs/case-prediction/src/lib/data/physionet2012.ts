import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { badInput, ErrorCode, PmedError } from '@pmed/core';
import { ICU_TYPES, type PatientTimeline, type StaticDescriptors, type TimelinePoint } from './timeline';
import { PHYSIONET_TIME_SERIES } from './variables';

/** One `<RecordID>.txt` of the PhysioNet/CinC 2012 challenge. */
export interface PhysionetRecord {
  recordId: string;
  file: string;
  /** age, sex, heightCm, weightKg, icuType; null where the file says -1 (not measured). */
  descriptors: StaticDescriptors;
  points: TimelinePoint[];
  /** Parameter names outside the challenge's list, with how often each occurred (skipped, not fatal). */
  unknownParameters: Record<string, number>;
}

/** One row of an Outcomes-*.txt file. */
export interface PhysionetOutcome {
  recordId: string;
  saps1: number | null;
  sofa: number | null;
  lengthOfStayDays: number | null;
  survivalDays: number | null;
  inHospitalDeath: boolean;
}

const DESCRIPTOR_PARAMETERS = new Set(['RecordID', 'Age', 'Gender', 'Height', 'ICUType', 'Weight']);
const TIME_SERIES = new Set(PHYSIONET_TIME_SERIES);

function located(file: string, line: number, message: string): PmedError {
  return new PmedError(ErrorCode.BAD_USER_INPUT, `${file}:${line}: ${message}`, { details: { file, line } });
}

function parseTime(text: string): number | null {
  const m = /^(\d{1,3}):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) + Number(m[2]) / 60 : null;
}

/** -1 is the challenge's "not measured" for descriptors. */
const measured = (v: number): number | null => (v === -1 ? null : v);

/** Parses one record file; a malformed line fails with the file name and line number. */
export function parsePhysionetRecord(text: string, options: { file: string }): PhysionetRecord {
  const file = options.file;
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'Time,Parameter,Value') throw located(file, 1, `expected the header "Time,Parameter,Value", got "${(lines[0] ?? '').slice(0, 60)}"`);
  const descriptors: StaticDescriptors = { age: null, sex: null, heightCm: null, weightKg: null, icuType: null };
  const points: TimelinePoint[] = [];
  const unknownParameters: Record<string, number> = {};
  let recordId: string | null = null;
  let weightDescriptorSeen = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(',');
    if (fields.length !== 3) throw located(file, i + 1, `expected 3 comma-separated fields (Time,Parameter,Value), got ${fields.length}`);
    const [timeText, parameter, valueText] = fields.map((f) => f.trim());
    const hours = parseTime(timeText);
    if (hours === null) throw located(file, i + 1, `time "${timeText}" is not HH:MM`);
    const value = Number(valueText);
    if (valueText === '' || !Number.isFinite(value)) throw located(file, i + 1, `value "${valueText}" of ${parameter} is not a number`);
    // Descriptors sit at 00:00 at the top of the file; a later Weight is a time-series value.
    if (DESCRIPTOR_PARAMETERS.has(parameter) && hours === 0 && !(parameter === 'Weight' && weightDescriptorSeen)) {
      switch (parameter) {
        case 'RecordID':
          if (recordId !== null) throw located(file, i + 1, 'a second RecordID line');
          recordId = String(Math.round(value));
          break;
        case 'Age':
          descriptors['age'] = measured(value);
          break;
        case 'Gender':
          descriptors['sex'] = value === 0 ? 'female' : value === 1 ? 'male' : null;
          break;
        case 'Height':
          descriptors['heightCm'] = measured(value);
          break;
        case 'ICUType':
          descriptors['icuType'] = ICU_TYPES[value] ?? null;
          break;
        case 'Weight':
          descriptors['weightKg'] = measured(value);
          weightDescriptorSeen = true;
          break;
      }
      continue;
    }
    if (!TIME_SERIES.has(parameter)) {
      unknownParameters[parameter] = (unknownParameters[parameter] ?? 0) + 1;
      continue;
    }
    // -1 marks a missing value in a few time-series rows too; it is never a real measurement there.
    if (value === -1) continue;
    points.push({ hours, code: parameter, value });
  }
  if (recordId === null) throw located(file, 2, 'no RecordID line at 00:00');
  return { recordId, file, descriptors, points, unknownParameters };
}

function optionalNumber(text: string, file: string, line: number, column: string): number | null {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw located(file, line, `${column} "${text}" is not a number`);
  return v === -1 ? null : v;
}

/** Parses Outcomes-a.txt (RecordID,SAPS-I,SOFA,Length_of_stay,Survival,In-hospital_death). */
export function parsePhysionetOutcomes(text: string, options: { file: string }): Map<string, PhysionetOutcome> {
  const file = options.file;
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().split(',');
  const wanted = ['RecordID', 'SAPS-I', 'SOFA', 'Length_of_stay', 'Survival', 'In-hospital_death'];
  const columns = wanted.map((name) => header.indexOf(name));
  if (columns.some((c) => c < 0)) throw located(file, 1, `the header must name ${wanted.join(', ')}`);
  const out = new Map<string, PhysionetOutcome>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const f = line.split(',');
    if (f.length !== header.length) throw located(file, i + 1, `expected ${header.length} fields, got ${f.length}`);
    const recordId = f[columns[0]].trim();
    if (!/^\d+$/.test(recordId)) throw located(file, i + 1, `RecordID "${recordId}" is not a number`);
    if (out.has(recordId)) throw located(file, i + 1, `duplicate RecordID ${recordId}`);
    const death = f[columns[5]].trim();
    if (death !== '0' && death !== '1') throw located(file, i + 1, `In-hospital_death must be 0 or 1, got "${death}"`);
    out.set(recordId, {
      recordId,
      saps1: optionalNumber(f[columns[1]], file, i + 1, 'SAPS-I'),
      sofa: optionalNumber(f[columns[2]], file, i + 1, 'SOFA'),
      lengthOfStayDays: optionalNumber(f[columns[3]], file, i + 1, 'Length_of_stay'),
      survivalDays: optionalNumber(f[columns[4]], file, i + 1, 'Survival'),
      inHospitalDeath: death === '1',
    });
  }
  return out;
}

export interface PhysionetDataset {
  records: PhysionetRecord[];
  /** Outcome per record id; every record has one. */
  outcomes: Map<string, PhysionetOutcome>;
  /** Unknown parameter names over all files, with counts. */
  unknownParameters: Record<string, number>;
  /** Outcome rows whose record is not in the directory (a subset of a set is allowed). */
  outcomesWithoutRecord: number;
}

/** The `.txt` record files of a directory (a `set-a`-style folder), sorted by name. */
export async function listPhysionetFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw badInput('dir', `cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const files = names.filter((n) => /^\d+\.txt$/.test(n)).sort();
  if (files.length === 0) throw badInput('dir', `${dir} holds no <RecordID>.txt record files`);
  return files.map((n) => join(dir, n));
}

/**
 * Reads a directory of record files and its outcomes file. Fails on a malformed line (file and line
 * named), on a record id that two files share, and on records the outcomes file does not cover.
 */
export async function readPhysionet2012(options: { dir: string; outcomesFile?: string; onFile?: (done: number, total: number) => void }): Promise<PhysionetDataset> {
  const files = await listPhysionetFiles(options.dir);
  const records: PhysionetRecord[] = [];
  const seen = new Map<string, string>();
  const unknownParameters: Record<string, number> = {};
  for (const [index, path] of files.entries()) {
    const record = parsePhysionetRecord(await readFile(path, 'utf8'), { file: basename(path) });
    const earlier = seen.get(record.recordId);
    if (earlier) throw badInput('dir', `record ${record.recordId} appears in both ${earlier} and ${record.file}`, { recordId: record.recordId });
    seen.set(record.recordId, record.file);
    for (const [name, count] of Object.entries(record.unknownParameters)) unknownParameters[name] = (unknownParameters[name] ?? 0) + count;
    records.push(record);
    options.onFile?.(index + 1, files.length);
  }
  let outcomes = new Map<string, PhysionetOutcome>();
  let outcomesWithoutRecord = 0;
  if (options.outcomesFile) {
    let text: string;
    try {
      text = await readFile(options.outcomesFile, 'utf8');
    } catch (error) {
      throw badInput('outcomes', `cannot read ${options.outcomesFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    outcomes = parsePhysionetOutcomes(text, { file: basename(options.outcomesFile) });
    const missing = records.filter((r) => !outcomes.has(r.recordId)).map((r) => r.recordId);
    if (missing.length > 0) {
      throw badInput('outcomes', `${basename(options.outcomesFile)} has no outcome for ${missing.length} of ${records.length} records (e.g. ${missing.slice(0, 5).join(', ')})`, { missing: missing.slice(0, 50) });
    }
    outcomesWithoutRecord = outcomes.size - records.length;
  }
  return { records, outcomes, unknownParameters, outcomesWithoutRecord };
}

/** Model-ready timelines from a dataset, labelled with in-hospital death when outcomes are known. */
export function physionetTimelines(dataset: PhysionetDataset): PatientTimeline[] {
  return dataset.records.map((r) => {
    const outcome = dataset.outcomes.get(r.recordId);
    return { id: r.recordId, points: r.points, descriptors: r.descriptors, label: outcome ? (outcome.inHospitalDeath ? 1 : 0) : undefined };
  });
}
