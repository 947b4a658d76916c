import { ErrorCode, PmedError } from '@pmed/core';
import { isUniqueViolation, type Database, type PmedPrismaClient } from '@pmed/data';
import { lineIssuesError, parseDoctorCsv, parseDrugCsv, type CatalogueKind, type CsvIssue } from '@pmed/recommender';

export interface CatalogueImportResult {
  kind: CatalogueKind;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** The file's columns; fields of columns it left out were not touched on existing rows. */
  columns: string[];
}

export interface CatalogueImportInput {
  text: string | Uint8Array;
  /** Marks every row synthetic when the file has no `synthetic` column. */
  synthetic?: boolean;
}

type Tx = PmedPrismaClient;
type DrugRow = Awaited<ReturnType<Tx['drug']['findFirstOrThrow']>>;
const TRANSACTION = { timeout: 120_000, maxWait: 30_000 };
const CHUNK = 500;

async function inChunks<T>(keys: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) out.push(...(await read(keys.slice(i, i + CHUNK))));
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** True when some field of `data` differs from the stored row. */
const differs = (row: Record<string, unknown>, data: Record<string, unknown>) => Object.entries(data).some(([k, v]) => !same(row[k], v));

async function writeAll<T>(db: Database, what: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.client.$transaction(async (tx) => work(tx as unknown as Tx), TRANSACTION);
  } catch (error) {
    // Another writer took a name or id between the checks and the writes: still nothing imported.
    if (isUniqueViolation(error)) throw new PmedError(ErrorCode.CONFLICT, `${what}: a name or id in the file was taken while importing; nothing imported, try again`, { cause: error });
    throw error;
  }
}

/**
 * Imports a doctor catalogue CSV (see `parseDoctorCsv` for the columns) in one transaction: a row
 * whose id exists updates that doctor (only the columns the file has), others create one. A bad
 * line anywhere imports nothing; the error names every bad line.
 */
export async function importDoctorCatalogue(db: Database, input: CatalogueImportInput): Promise<CatalogueImportResult> {
  const { columns, rows } = parseDoctorCsv(input.text);
  const result: CatalogueImportResult = { kind: 'doctor', rows: rows.length, created: 0, updated: 0, unchanged: 0, columns };
  return writeAll(db, 'doctor CSV', async (tx) => {
    const existing = new Map((await inChunks(rows.map((r) => r.id), (ids) => tx.doctor.findMany({ where: { id: { in: ids } } }))).map((d) => [d.id, d]));
    for (const row of rows) {
      const data: Record<string, unknown> = { name: row.name, specialties: row.specialties };
      if (row.languages !== undefined) data['languages'] = row.languages;
      if (row.procedures !== undefined) data['procedures'] = row.procedures;
      if (row.outcomes !== undefined) data['outcomes'] = row.outcomes;
      if (row.openSlots !== undefined) data['openSlots'] = row.openSlots;
      if (row.npi !== undefined) data['npi'] = row.npi;
      if (row.synthetic !== undefined) data['synthetic'] = row.synthetic;
      else if (input.synthetic) data['synthetic'] = true;
      const old = existing.get(row.id);
      if (!old) {
        await tx.doctor.create({
          data: { id: row.id, name: row.name, specialties: row.specialties, languages: row.languages ?? [], procedures: row.procedures ?? [], openSlots: row.openSlots ?? 0, ...(data as object) },
        });
        result.created++;
      } else if (differs(old as unknown as Record<string, unknown>, data)) {
        await tx.doctor.update({ where: { id: row.id }, data });
        result.updated++;
      } else result.unchanged++;
    }
    return result;
  });
}

/**
 * Imports a drug catalogue CSV (see `parseDrugCsv`) in one transaction, keyed by code: a row whose
 * code exists updates that drug, a row naming a drug stored without a code gives it the code, others
 * create one. A name that belongs to a drug of another code is a conflict; any bad line imports
 * nothing and the error names every bad line.
 */
export async function importDrugCatalogue(db: Database, input: CatalogueImportInput): Promise<CatalogueImportResult> {
  const { columns, rows } = parseDrugCsv(input.text);
  const result: CatalogueImportResult = { kind: 'drug', rows: rows.length, created: 0, updated: 0, unchanged: 0, columns };
  return writeAll(db, 'drug CSV', async (tx) => {
    const byCode = new Map<string, DrugRow[]>();
    for (const d of await inChunks(rows.map((r) => r.code), (codes) => tx.drug.findMany({ where: { code: { in: codes } } }))) byCode.set(d.code as string, [...(byCode.get(d.code as string) ?? []), d]);
    const byName = new Map((await inChunks(rows.map((r) => r.name), (names) => tx.drug.findMany({ where: { name: { in: names } } }))).map((d) => [d.name, d]));
    const givenIds = rows.flatMap((r) => (r.id ? [r.id] : []));
    const byId = new Map((await inChunks(givenIds, (ids) => tx.drug.findMany({ where: { id: { in: ids } } }))).map((d) => [d.id, d]));
    const conflicts: CsvIssue[] = [];
    const targets = rows.map((row): DrugRow | undefined => {
      const problem = (message: string) => (conflicts.push({ line: row.line, message }), undefined);
      const matches = byCode.get(row.code) ?? [];
      if (matches.length > 1) return problem(`code ${row.code} is shared by ${matches.length} stored drugs (${matches.map((m) => m.name).join(', ')}); fix the catalogue first`);
      const named = byName.get(row.name);
      let target = matches[0];
      if (!target && named) {
        if (named.code) return problem(`name ${row.name} belongs to the stored drug with code ${named.code}`);
        target = named; // a drug stored without a code (e.g. added by hand) gets this code
      } else if (target && named && named.id !== target.id) return problem(`name ${row.name} belongs to another stored drug (code ${named.code ?? 'none'})`);
      if (row.id && target && target.id !== row.id) return problem(`code ${row.code} is the stored drug ${target.id}, not ${row.id}`);
      const holder = row.id && !target ? byId.get(row.id) : undefined;
      if (holder) return problem(`id ${row.id} is taken by the stored drug ${holder.name}`);
      return target;
    });
    if (conflicts.length) throw lineIssuesError('drug CSV', conflicts, ErrorCode.CONFLICT);
    for (const [k, row] of rows.entries()) {
      const data: Record<string, unknown> = { code: row.code, name: row.name };
      if (row.drugClasses !== undefined) data['drugClasses'] = row.drugClasses;
      if (row.indications !== undefined) data['indications'] = row.indications;
      if (row.contraindications !== undefined) data['contraindications'] = row.contraindications;
      if (row.interactsWith !== undefined) data['interactsWith'] = row.interactsWith;
      if (row.synthetic !== undefined) data['synthetic'] = row.synthetic;
      else if (input.synthetic) data['synthetic'] = true;
      const target = targets[k];
      if (!target) {
        await tx.drug.create({
          data: { ...(row.id ? { id: row.id } : {}), name: row.name, drugClasses: row.drugClasses ?? [], indications: row.indications ?? [], contraindications: row.contraindications ?? [], interactsWith: row.interactsWith ?? [], ...(data as object) },
        });
        result.created++;
      } else if (differs(target as unknown as Record<string, unknown>, data)) {
        await tx.drug.update({ where: { id: target.id }, data });
        result.updated++;
      } else result.unchanged++;
    }
    return result;
  });
}
