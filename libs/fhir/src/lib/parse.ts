import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { IssueList } from './issues';

/** Above this a single bundle or NDJSON file is refused before parsing (it would be held whole in memory). */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

export const ACCEPTED_BUNDLE_TYPES = ['transaction', 'batch', 'collection', 'searchset'] as const;

/** One resource to import, with where it came from. */
export interface InputEntry {
  /** Location prefix of the resource: `Bundle.entry[3].resource` or `line 7`. */
  location: string;
  fullUrl?: string;
  resource: Resource;
  /** `ifNoneExist` of a transaction entry: a conditional create matched on these identifiers. */
  ifNoneExist?: string;
}

export interface ParsedInput {
  /** Bundle type, or 'ndjson'. */
  kind: string;
  entries: InputEntry[];
  issues: IssueList;
}

export interface ParseOptions {
  maxBytes?: number;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a Bundle from JSON text or an already parsed value; problems come back as issues, never thrown. */
export function parseBundle(input: string | unknown, options: ParseOptions = {}): ParsedInput {
  const issues = new IssueList();
  const empty = (kind: string): ParsedInput => ({ kind, entries: [], issues });
  let value: unknown = input;
  if (typeof input === 'string') {
    const max = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
    const size = byteLength(input);
    if (size > max) {
      issues.error('too-large', 'Bundle', `the bundle is ${size} bytes; the limit is ${max} bytes (split it, or send NDJSON files)`);
      return empty('unknown');
    }
    try {
      value = JSON.parse(input);
    } catch (error) {
      issues.error('invalid-json', 'Bundle', `not JSON: ${(error as Error).message}`);
      return empty('unknown');
    }
  }
  if (!isObject(value) || value['resourceType'] !== 'Bundle') {
    const got = isObject(value) ? `resourceType '${String(value['resourceType'])}'` : Array.isArray(value) ? 'an array' : typeof value;
    issues.error('not-a-bundle', 'Bundle', `expected a FHIR Bundle (resourceType 'Bundle'), got ${got}`);
    return empty('unknown');
  }
  const bundle = value as unknown as Bundle;
  const type = String(bundle.type ?? '');
  if (!(ACCEPTED_BUNDLE_TYPES as readonly string[]).includes(type)) {
    issues.error('invalid-value', 'Bundle.type', `bundle type '${type}' is not imported; accepted: ${ACCEPTED_BUNDLE_TYPES.join(', ')}`);
    return empty(type || 'unknown');
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) {
    issues.error('invalid-value', 'Bundle.entry', 'entry must be an array');
    return empty(type);
  }
  const entries: InputEntry[] = [];
  (bundle.entry ?? []).forEach((raw: unknown, index) => {
    const location = `Bundle.entry[${index}]`;
    const entry = raw as BundleEntry;
    if (!isObject(raw) || !isObject(entry.resource)) {
      issues.error('required', `${location}.resource`, 'every entry needs a resource');
      return;
    }
    if (typeof entry.resource.resourceType !== 'string') {
      issues.error('required', `${location}.resource.resourceType`, 'resourceType is missing');
      return;
    }
    if (entry.request?.method === 'DELETE') {
      issues.error('invalid-value', `${location}.request.method`, 'DELETE entries are not imported');
      return;
    }
    entries.push({ location: `${location}.resource`, fullUrl: entry.fullUrl, resource: entry.resource, ifNoneExist: entry.request?.ifNoneExist });
  });
  return { kind: type, entries, issues };
}

/** Reads bulk-data NDJSON: one resource per line, blank lines ignored. Locations are `line N`. */
export function parseNdjson(text: string, options: ParseOptions = {}): ParsedInput {
  const issues = new IssueList();
  const max = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const size = byteLength(text);
  if (size > max) {
    issues.error('too-large', 'line 1', `the file is ${size} bytes; the limit is ${max} bytes (split it into smaller files)`);
    return { kind: 'ndjson', entries: [], issues };
  }
  const entries: InputEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const location = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      issues.error('invalid-json', location, `not JSON: ${(error as Error).message}`);
      continue;
    }
    if (!isObject(value) || typeof value['resourceType'] !== 'string') {
      issues.error('required', `${location}.resourceType`, 'each line must be one FHIR resource with a resourceType');
      continue;
    }
    if (value['resourceType'] === 'Bundle') {
      issues.error('invalid-value', `${location}.resourceType`, 'a Bundle inside NDJSON is not imported; import it as its own file');
      continue;
    }
    entries.push({ location, resource: value as unknown as Resource });
  }
  return { kind: 'ndjson', entries, issues };
}
