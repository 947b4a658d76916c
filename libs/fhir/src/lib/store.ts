import type { PmedPrismaClient } from '@pmed/data';
import type { ModelName, RowData } from './mapping';

/** A Prisma client inside `$transaction`. */
export type FhirTx = Omit<PmedPrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** The few delegate calls the importer makes, typed loosely so one code path serves every model. */
export interface RowDelegate {
  findMany(args: { where: RowData; select?: Record<string, boolean> }): Promise<RowData[]>;
  createMany(args: { data: RowData[] }): Promise<{ count: number }>;
  update(args: { where: { id: string }; data: RowData }): Promise<unknown>;
}

export function delegateOf(tx: FhirTx, model: ModelName): RowDelegate {
  return (tx as unknown as Record<ModelName, RowDelegate>)[model];
}

/** Bound values per statement stay well under SQLite's and PostgreSQL's limits. */
export const CHUNK = 400;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows of `model` whose `field` is one of `values`, fetched in chunks. */
export async function findByField(tx: FhirTx, model: ModelName, field: string, values: readonly string[]): Promise<RowData[]> {
  const unique = [...new Set(values)];
  const out: RowData[] = [];
  for (const part of chunks(unique)) out.push(...(await delegateOf(tx, model).findMany({ where: { [field]: { in: part } } })));
  return out;
}

function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** The fields of `data` whose values differ from `existing`; empty when the row already says the same. */
export function changedFields(existing: RowData, data: RowData): RowData {
  const changed: RowData = {};
  for (const [key, value] of Object.entries(data)) {
    if (normalise(existing[key]) !== normalise(value)) changed[key] = value;
  }
  return changed;
}
