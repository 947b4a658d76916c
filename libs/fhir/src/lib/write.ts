import { randomUUID } from 'node:crypto';
import type { IssueList } from './issues';
import { MODEL_ORDER, type ModelName, type PlannedPatch, type PlannedRow, type RowData } from './mapping';
import { rowKey } from './lookups';
import type { PreparedEntry } from './plan';
import { identifierKey, identifiersOf } from './references';
import { changedFields, chunks, delegateOf, findByField, type FhirTx } from './store';

export type EntryOutcome = 'created' | 'updated' | 'unchanged';

const RANK: Record<EntryOutcome, number> = { unchanged: 0, updated: 1, created: 2 };
const CREATE_DEFAULTS: Partial<Record<ModelName, RowData>> = { doctor: { specialties: [], languages: [] } };

/** Row ids for planned rows: the existing row's, or a fresh one. */
export function assignRowIds(rows: readonly PlannedRow[], existing: Map<string, RowData>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const row of rows) {
    const key = rowKey(row.model, row.fhirType, row.fhirId);
    if (!ids.has(key)) ids.set(key, String(existing.get(key)?.['id'] ?? randomUUID()));
  }
  return ids;
}

export interface WritePlan {
  rows: PlannedRow[];
  patches: PlannedPatch[];
  existing: Map<string, RowData>;
  rowIds: Map<string, string>;
  /** Entry indexes, referenced before referencing. */
  order: number[];
  rowByRow?: boolean;
}

/** Creates and updates the planned rows; returns each entry's outcome. Runs inside the import's transaction. */
export async function writeRows(tx: FhirTx, plan: WritePlan): Promise<Map<number, EntryOutcome>> {
  const outcomes = new Map<number, EntryOutcome>();
  const note = (entry: number, outcome: EntryOutcome) => {
    const before = outcomes.get(entry);
    if (!before || RANK[outcome] > RANK[before]) outcomes.set(entry, outcome);
  };
  const position = new Map(plan.order.map((entry, i) => [entry, i]));
  const patchesByTarget = new Map<string, PlannedPatch[]>();
  for (const patch of plan.patches) patchesByTarget.set(patch.target, [...(patchesByTarget.get(patch.target) ?? []), patch]);
  const patchedInBundle = new Set<string>();

  for (const model of MODEL_ORDER) {
    const rows = plan.rows.filter((row) => row.model === model).sort((a, b) => (position.get(a.entry) ?? 0) - (position.get(b.entry) ?? 0));
    const creates: RowData[] = [];
    for (const row of rows) {
      const key = rowKey(model, row.fhirType, row.fhirId);
      const id = plan.rowIds.get(key) as string;
      const existing = plan.existing.get(key);
      const data: RowData = { ...row.data, fhirId: row.fhirId, ...(model === 'clinicalNote' ? { fhirType: row.fhirType } : {}) };
      for (const patch of patchesByTarget.get(id) ?? []) {
        Object.assign(data, patch.data);
        patchedInBundle.add(id);
        note(patch.entry, existing && Object.keys(changedFields(existing, patch.data)).length === 0 ? 'unchanged' : existing ? 'updated' : 'created');
      }
      if (!existing) {
        creates.push({ ...CREATE_DEFAULTS[model], ...data, id });
        note(row.entry, 'created');
        continue;
      }
      const changed = changedFields(existing, data);
      if (Object.keys(changed).length === 0) {
        note(row.entry, 'unchanged');
        continue;
      }
      await delegateOf(tx, model).update({ where: { id }, data: changed });
      note(row.entry, 'updated');
    }
    for (const part of chunks(creates, plan.rowByRow ? 1 : undefined)) await delegateOf(tx, model).createMany({ data: part });
  }

  // Roles whose practitioner was imported earlier update that Doctor row in place.
  const outside = [...patchesByTarget.keys()].filter((id) => !patchedInBundle.has(id));
  const doctors = new Map((await findByField(tx, 'doctor', 'id', outside)).map((row) => [String(row['id']), row]));
  for (const id of outside) {
    const doctor = doctors.get(id);
    if (!doctor) continue;
    for (const patch of patchesByTarget.get(id) ?? []) {
      const changed = changedFields(doctor, patch.data);
      if (Object.keys(changed).length > 0) {
        await delegateOf(tx, 'doctor').update({ where: { id }, data: changed });
        Object.assign(doctor, changed);
      }
      note(patch.entry, Object.keys(changed).length > 0 ? 'updated' : 'unchanged');
    }
  }
  return outcomes;
}

/** Records the business identifiers of stored resources so later conditional references find them. */
export async function writeIdentifiers(tx: FhirTx, entries: readonly PreparedEntry[], stored: ReadonlySet<number>, issues: IssueList): Promise<void> {
  const wanted = new Map<string, { resourceType: string; fhirId: string; system: string; value: string; location: string }>();
  entries.forEach((entry, index) => {
    if (!stored.has(index) || !entry.handler?.model) return;
    identifiersOf(entry.input.resource).forEach((identifier, i) => {
      const row = { resourceType: entry.type, fhirId: entry.fhirId, system: identifier.system ?? '', value: identifier.value as string, location: `${entry.input.location}.identifier[${i}]` };
      const key = identifierKey(row.resourceType, row.system, row.value);
      const other = wanted.get(key);
      if (other && other.fhirId !== row.fhirId) issues.warning('identifier-conflict', row.location, `identifier also used by ${row.resourceType}/${other.fhirId}; the first keeps it`);
      else wanted.set(key, row);
    });
  });
  if (wanted.size === 0) return;
  const known = new Map<string, string>();
  for (const row of await findByField(tx, 'fhirIdentifier' as ModelName, 'value', [...wanted.values()].map((row) => row.value))) {
    known.set(identifierKey(String(row['resourceType']), String(row['system']), String(row['value'])), String(row['fhirId']));
  }
  const creates: RowData[] = [];
  for (const [key, row] of wanted) {
    const owner = known.get(key);
    if (owner === undefined) creates.push({ resourceType: row.resourceType, fhirId: row.fhirId, system: row.system, value: row.value });
    else if (owner !== row.fhirId) issues.warning('identifier-conflict', row.location, `identifier already belongs to ${row.resourceType}/${owner}; kept there`);
  }
  for (const part of chunks(creates)) await delegateOf(tx, 'fhirIdentifier' as ModelName).createMany({ data: part });
}
