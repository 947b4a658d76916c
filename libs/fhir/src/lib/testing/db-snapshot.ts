import type { PmedPrismaClient } from '@pmed/data';

const TABLES = ['patient', 'encounter', 'observation', 'condition', 'allergy', 'medicationRequest', 'imagingStudy', 'clinicalNote', 'doctor', 'organization', 'fhirIdentifier'] as const;

/** Row counts of the tables the importer writes. */
export async function tableCounts(client: PmedPrismaClient): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = await (client[table] as unknown as { count(): Promise<number> }).count();
  return out;
}

/**
 * The content of those tables, keyed by FHIR id, without generated ids and timestamps: two databases
 * that hold the same records compare equal even though their row ids differ.
 */
export async function contentSnapshot(client: PmedPrismaClient): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const skip = new Set(['id', 'createdAt', 'updatedAt']);
  for (const table of TABLES) {
    const rows = (await (client[table] as unknown as { findMany(): Promise<Record<string, unknown>[]> }).findMany()) as Record<string, unknown>[];
    const idToFhir = new Map<string, unknown>();
    out[table] = rows
      .map((row) => {
        idToFhir.set(String(row['id']), row['fhirId']);
        return Object.fromEntries(Object.entries(row).filter(([key]) => !skip.has(key) && !key.endsWith('Id')).concat([['fhirId', row['fhirId']]]));
      })
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}
