import { createHash } from 'node:crypto';
import type { Reference, Resource } from '@medplum/fhirtypes';
import { IssueList } from './issues';
import type { MapContext, ModelName, PlannedPatch, PlannedRow, RefOptions, RowData } from './mapping';
import { hasNoteText, type ResourceHandler } from './mappers';
import type { InputEntry } from './parse';
import { BundleIndex, type ReferenceKey } from './references';
import { validateResource } from './validate';

/** One entry of the input after the first look: its handler (null when skipped) and FHIR id. */
export interface PreparedEntry {
  input: InputEntry;
  type: string;
  fhirId: string;
  handler: ResourceHandler | null;
}

/** The FHIR id an entry is kept under: its id, else the uuid of its fullUrl, else a hash of its content. */
export function fhirIdOf(entry: InputEntry): string {
  if (entry.resource.id) return entry.resource.id;
  const uuid = /^urn:uuid:([0-9a-fA-F-]{36})$/.exec(entry.fullUrl ?? '');
  if (uuid) return uuid[1].toLowerCase();
  // Stable across imports of the same content, so a re-import finds its earlier rows.
  return createHash('sha256').update(JSON.stringify(entry.resource)).digest('hex').slice(0, 40);
}

export function prepareEntries(entries: readonly InputEntry[], handlers: Readonly<Record<string, ResourceHandler>>, issues: IssueList): PreparedEntry[] {
  const seen = new Map<string, string>();
  return entries.map((input) => {
    const type = input.resource.resourceType;
    let handler: ResourceHandler | null = handlers[type] ?? null;
    if (handler && (type === 'DiagnosticReport' || type === 'DocumentReference') && !hasNoteText(input.resource as never)) handler = null;
    const fhirId = fhirIdOf(input);
    if (handler) {
      validateResource(input.resource, input.location, issues);
      const key = `${type}/${fhirId}`;
      const first = seen.get(key);
      if (first) issues.error('duplicate', `${input.location}.id`, `${key} appears twice in the input (first at ${first})`);
      else seen.set(key, input.location);
    }
    return { input, type, fhirId, handler };
  });
}

/** Where references that leave the bundle point, found in the database by the caller. */
export interface ExternalLookups {
  /** `Type/fhirId` -> row id. */
  rowIds: Map<string, string>;
  /** `Type|system|value` -> fhirId. */
  identifiers: Map<string, string>;
}

export interface MappingResult {
  rows: PlannedRow[];
  patches: PlannedPatch[];
  /** In-bundle dependencies: entry index -> entries it references, with the referencing location. */
  edges: Map<number, { target: number; location: string }[]>;
}

export interface MapAllOptions {
  entries: readonly PreparedEntry[];
  index: BundleIndex;
  issues: IssueList;
  /** Row id of an in-bundle entry's primary row; null when the entry makes none. */
  entryRowId: (entry: number) => string | null;
  external: ExternalLookups;
  /** Set for the first pass: records references that leave the bundle and resolves every reference to a placeholder. */
  onExternal?: (key: ReferenceKey) => void;
}

/** Row id handed out during the collecting pass, when no real ids exist yet. */
export const PENDING_ROW_ID = 'pending';

function describe(reference: Reference): string {
  return reference.reference ?? (reference.identifier ? `identifier ${reference.identifier.system ?? ''}|${reference.identifier.value ?? ''}` : 'an empty reference');
}

/** Runs every handled entry's mapper; references resolve to row ids through the bundle, then the lookups. */
export function mapAll(options: MapAllOptions): MappingResult {
  const { entries, index, issues, external } = options;
  const rows: PlannedRow[] = [];
  const patches: PlannedPatch[] = [];
  const edges = new Map<number, { target: number; location: string }[]>();
  entries.forEach((entry, entryIndex) => {
    if (!entry.handler) return;
    const location = entry.input.location;
    const unresolved = (path: string, options: RefOptions, why: string): null => {
      const message = `${options.required ? 'cannot store without ' : ''}${path}: ${why}`;
      if (options.required) issues.error('unresolved-reference', `${location}.${path}`, message);
      else issues.warning('unresolved-reference', `${location}.${path}`, message);
      return null;
    };
    const ctx: MapContext = {
      fhirId: entry.fhirId,
      location,
      issues,
      ref(reference, path, refOptions) {
        if (!reference) return refOptions.required ? unresolved(path, refOptions, 'the reference is missing') : null;
        const key = index.keyOf(reference, refOptions.type);
        if (!key) return refOptions.required ? unresolved(path, refOptions, 'the reference names no target') : null;
        if (key.kind === 'entry') {
          const target = entries[key.index];
          if (target.type !== refOptions.type) return unresolved(path, refOptions, `points at a ${target.type}, expected a ${refOptions.type}`);
          const list = edges.get(entryIndex) ?? [];
          list.push({ target: key.index, location: `${location}.${path}` });
          edges.set(entryIndex, list);
          if (options.onExternal) return PENDING_ROW_ID;
          return options.entryRowId(key.index) ?? unresolved(path, refOptions, `${describe(reference)} is in the bundle but was not imported`);
        }
        if (key.kind === 'invalid') return unresolved(path, refOptions, key.reason);
        if (key.kind === 'contained') return unresolved(path, refOptions, `contained resource #${key.id} cannot be stored as a row`);
        if (options.onExternal) {
          options.onExternal(key);
          return PENDING_ROW_ID;
        }
        if (key.type !== refOptions.type) return unresolved(path, refOptions, `points at a ${key.type}, expected a ${refOptions.type}`);
        const fhirId = key.kind === 'id' ? key.fhirId : external.identifiers.get(`${key.type}|${key.system}|${key.value}`);
        const rowId = fhirId === undefined ? undefined : external.rowIds.get(`${key.type}/${fhirId}`);
        return rowId ?? unresolved(path, refOptions, `${describe(reference)} is neither in this input nor imported before`);
      },
      resourceOf(reference) {
        const key = index.keyOf(reference);
        if (key?.kind === 'entry') return entries[key.index].input.resource;
        if (key?.kind === 'contained') return (entry.input.resource as { contained?: Resource[] }).contained?.find((r) => r.id === key.id);
        return undefined;
      },
      row(model: ModelName, data: RowData, fhirId?: string) {
        rows.push({ model, fhirType: entry.type, fhirId: fhirId ?? entry.fhirId, entry: entryIndex, location, data });
      },
      patch(model: ModelName, target: string, data: RowData) {
        patches.push({ model, fhirType: entry.type, fhirId: entry.fhirId, entry: entryIndex, location, target, data });
      },
    };
    entry.handler.mapper(entry.input.resource, ctx);
  });
  return { rows, patches, edges };
}

/**
 * Entry indexes in an order where referenced entries come before the entries referencing them;
 * a cycle is an error at the reference that closes it.
 */
export function dependencyOrder(count: number, edges: MappingResult['edges'], issues: IssueList): number[] {
  const state = new Uint8Array(count); // 0 new, 1 on the current path, 2 done
  const order: number[] = [];
  for (let start = 0; start < count; start++) {
    if (state[start] !== 0) continue;
    // Iterative depth-first search: deep partOf chains must not overflow the stack.
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const out = edges.get(top.node) ?? [];
      if (top.next < out.length) {
        const edge = out[top.next++];
        if (state[edge.target] === 1) {
          issues.error('reference-cycle', edge.location, 'this reference closes a cycle of references between resources of the input');
        } else if (state[edge.target] === 0) {
          state[edge.target] = 1;
          stack.push({ node: edge.target, next: 0 });
        }
      } else {
        state[top.node] = 2;
        order.push(top.node);
        stack.pop();
      }
    }
  }
  return order;
}
