import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { badInput } from '@pmed/core';
import { listPhysionetFiles, parsePhysionetOutcomes, parsePhysionetRecord, variableInfo, type PhysionetOutcome, type PhysionetRecord } from '@pmed/case-prediction';
import type { Database, JsonObject } from '@pmed/data';

export const PHYSIONET_SOURCE = 'physionet2012';
/** The challenge gives times since admission only; every stay is placed at this instant. */
export const PHYSIONET_ANCHOR = new Date(Date.UTC(2012, 0, 1));

export interface PhysionetImportReport {
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  observations: number;
  /** Unknown parameter names with counts (skipped, not fatal). */
  unknownParameters: Record<string, number>;
  /** Outcome rows whose record was not in the folder. */
  outcomesWithoutRecord: number;
  seconds: number;
}

export interface PhysionetImportOptions {
  dir: string;
  outcomesFile?: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** JSON with sorted keys: PostgreSQL's jsonb reorders keys, so comparisons must not depend on order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function outcomeJson(o: PhysionetOutcome | undefined): JsonObject | null {
  if (!o) return null;
  return { inHospitalDeath: o.inHospitalDeath, saps1: o.saps1, sofa: o.sofa, lengthOfStayDays: o.lengthOfStayDays, survivalDays: o.survivalDays };
}

/**
 * Imports a PhysioNet/CinC 2012 folder (and its outcomes) as Patients, ICU Encounters and
 * Observations. Each record is one transaction keyed by its RecordID, so a re-import leaves
 * unchanged records alone and an interrupted import can simply be run again.
 */
export async function importPhysionet2012(db: Database, options: PhysionetImportOptions): Promise<PhysionetImportReport> {
  const started = performance.now();
  const files = await listPhysionetFiles(options.dir);
  let outcomes = new Map<string, PhysionetOutcome>();
  if (options.outcomesFile) {
    let text: string;
    try {
      text = await readFile(options.outcomesFile, 'utf8');
    } catch (error) {
      throw badInput('outcomes', `cannot read ${options.outcomesFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    outcomes = parsePhysionetOutcomes(text, { file: basename(options.outcomesFile) });
  }
  // Parse and check everything before writing anything: a bad file must not leave half an import.
  const records: PhysionetRecord[] = [];
  const seen = new Map<string, string>();
  const unknownParameters: Record<string, number> = {};
  for (const path of files) {
    options.signal?.throwIfAborted();
    const record = parsePhysionetRecord(await readFile(path, 'utf8'), { file: basename(path) });
    const earlier = seen.get(record.recordId);
    if (earlier) throw badInput('dir', `record ${record.recordId} appears in both ${earlier} and ${record.file}`, { recordId: record.recordId });
    seen.set(record.recordId, record.file);
    for (const [k, n] of Object.entries(record.unknownParameters)) unknownParameters[k] = (unknownParameters[k] ?? 0) + n;
    records.push(record);
  }
  if (options.outcomesFile) {
    const missing = records.filter((r) => !outcomes.has(r.recordId)).map((r) => r.recordId);
    if (missing.length) throw badInput('outcomes', `${basename(options.outcomesFile)} has no outcome for ${missing.length} of ${records.length} records (e.g. ${missing.slice(0, 5).join(', ')})`);
  }
  const report: PhysionetImportReport = { records: records.length, created: 0, updated: 0, unchanged: 0, observations: 0, unknownParameters, outcomesWithoutRecord: options.outcomesFile ? outcomes.size - records.length : 0, seconds: 0 };
  for (const [index, record] of records.entries()) {
    options.signal?.throwIfAborted();
    const result = await writeRecord(db, record, outcomeJson(outcomes.get(record.recordId)));
    report[result.status]++;
    report.observations += result.observations;
    options.onProgress?.(index + 1, records.length);
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

async function writeRecord(db: Database, record: PhysionetRecord, outcomes: JsonObject | null): Promise<{ status: 'created' | 'updated' | 'unchanged'; observations: number }> {
  const mrn = `PN2012-${record.recordId}`;
  const descriptors = { ...record.descriptors } as JsonObject;
  return db.client.$transaction(async (tx) => {
    const patient =
      (await tx.patient.findUnique({ where: { mrn }, select: { id: true } })) ??
      (await tx.patient.create({ data: { mrn, sex: typeof descriptors['sex'] === 'string' ? descriptors['sex'] : 'unknown', source: PHYSIONET_SOURCE, synthetic: false }, select: { id: true } }));
    const existing = await tx.encounter.findUnique({ where: { patientId_externalId: { patientId: patient.id, externalId: record.recordId } } });
    if (existing) {
      // patientId first: the (patientId, encounterId, time) index then answers the count.
      const count = await tx.observation.count({ where: { patientId: patient.id, encounterId: existing.id } });
      const same = count === record.points.length && canonical(existing.descriptors) === canonical(descriptors) && canonical(existing.outcomes) === canonical(outcomes);
      if (same) return { status: 'unchanged' as const, observations: 0 };
      await tx.observation.deleteMany({ where: { patientId: patient.id, encounterId: existing.id } });
      await tx.encounter.update({ where: { id: existing.id }, data: { descriptors, outcomes: outcomes ?? undefined } });
    }
    const encounter =
      existing ??
      (await tx.encounter.create({
        data: { patientId: patient.id, externalId: record.recordId, kind: 'icu', status: 'finished', startedAt: PHYSIONET_ANCHOR, descriptors, outcomes: outcomes ?? undefined },
      }));
    const rows = record.points.map((p) => ({
      patientId: patient.id,
      encounterId: encounter.id,
      code: p.code,
      display: variableInfo(p.code)?.display ?? null,
      unit: variableInfo(p.code)?.unit ?? null,
      value: p.value,
      time: new Date(PHYSIONET_ANCHOR.getTime() + Math.round(p.hours * 60) * 60_000),
    }));
    for (let i = 0; i < rows.length; i += 1000) await tx.observation.createMany({ data: rows.slice(i, i + 1000) });
    return { status: existing ? ('updated' as const) : ('created' as const), observations: rows.length };
  }, { timeout: 60_000 });
}
