import type { IssueList } from './issues';
import type { ModelName, PlannedRow, RowData } from './mapping';
import type { ResourceHandler } from './mappers';
import type { ExternalLookups } from './plan';
import { identifierKey, type ReferenceKey } from './references';
import { findByField, type FhirTx } from './store';

/** Key of the row a planned row becomes; notes are keyed by type too (a report and a document may share an id). */
export function rowKey(model: ModelName, fhirType: string, fhirId: string): string {
  return model === 'clinicalNote' ? `${model}|${fhirType}|${fhirId}` : `${model}|${fhirId}`;
}

/** Natural keys an imported row may be matched on when it has no FHIR id yet (records from other sources). */
const NATURAL_KEYS: Partial<Record<ModelName, string>> = { patient: 'mrn', imagingStudy: 'studyUid' };

/** Rows already in the database for the planned rows, by {@link rowKey}. */
export async function loadExistingRows(tx: FhirTx, planned: readonly PlannedRow[], issues: IssueList): Promise<Map<string, RowData>> {
  const existing = new Map<string, RowData>();
  const byModel = new Map<ModelName, PlannedRow[]>();
  for (const row of planned) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
  for (const [model, rows] of byModel) {
    for (const found of await findByField(tx, model, 'fhirId', rows.map((row) => row.fhirId))) {
      const fhirType = model === 'clinicalNote' ? String(found['fhirType']) : '';
      existing.set(model === 'clinicalNote' ? rowKey(model, fhirType, String(found['fhirId'])) : rowKey(model, '', String(found['fhirId'])), found);
    }
    const natural = NATURAL_KEYS[model];
    if (!natural) continue;
    const candidates = rows.filter((row) => !existing.has(rowKey(model, row.fhirType, row.fhirId)) && typeof row.data[natural] === 'string');
    if (candidates.length === 0) continue;
    const matches = new Map((await findByField(tx, model, natural, candidates.map((row) => String(row.data[natural])))).map((found) => [String(found[natural]), found]));
    for (const row of candidates) {
      const match = matches.get(String(row.data[natural]));
      if (!match) continue;
      if (match['fhirId'] === null || match['fhirId'] === undefined) existing.set(rowKey(model, row.fhirType, row.fhirId), match);
      else issues.error('identifier-conflict', row.location, `${natural} '${String(row.data[natural])}' already belongs to ${row.fhirType}/${String(match['fhirId'])}`);
    }
  }
  return existing;
}

/** Resolves references that leave the input: `Type/id` by FHIR id, conditional ones through FhirIdentifier. */
export async function resolveExternal(tx: FhirTx, keys: readonly ReferenceKey[], handlers: Readonly<Record<string, ResourceHandler>>): Promise<ExternalLookups> {
  const lookups: ExternalLookups = { rowIds: new Map(), identifiers: new Map() };
  const idsByType = new Map<string, Set<string>>();
  const want = (type: string, fhirId: string) => idsByType.set(type, (idsByType.get(type) ?? new Set()).add(fhirId));
  const identifierKeys = keys.filter((key): key is Extract<ReferenceKey, { kind: 'identifier' }> => key.kind === 'identifier');
  if (identifierKeys.length > 0) {
    const values = identifierKeys.map((key) => key.value);
    const types = [...new Set(identifierKeys.map((key) => key.type))];
    const found = await findByField(tx, 'fhirIdentifier' as ModelName, 'value', values);
    for (const row of found) {
      const type = String(row['resourceType']);
      if (!types.includes(type)) continue;
      lookups.identifiers.set(identifierKey(type, String(row['system']), String(row['value'])), String(row['fhirId']));
      lookups.identifiers.set(identifierKey(type, '', String(row['value'])), String(row['fhirId']));
      want(type, String(row['fhirId']));
    }
  }
  for (const key of keys) if (key.kind === 'id') want(key.type, key.fhirId);
  for (const [type, ids] of idsByType) {
    const model = handlers[type]?.model;
    if (!model) continue;
    for (const row of await findByField(tx, model, 'fhirId', [...ids])) {
      if (model === 'clinicalNote' && row['fhirType'] !== type) continue;
      lookups.rowIds.set(`${type}/${String(row['fhirId'])}`, String(row['id']));
    }
  }
  return lookups;
}
