import { isPmedError } from '@pmed/core';
import { isUniqueViolation, type PmedPrismaClient } from '@pmed/data';
import type { FhirIssue, IssueList } from './issues';
import { resourceHandlers, type ResourceHandler } from './mappers';
import { parseBundle, parseNdjson, type ParsedInput } from './parse';
import { dependencyOrder, mapAll, prepareEntries, type PreparedEntry } from './plan';
import { BundleIndex, type ReferenceKey } from './references';
import { loadExistingRows, resolveExternal, rowKey } from './lookups';
import { assignRowIds, writeIdentifiers, writeRows } from './write';
import { IssueList as Issues } from './issues';
import type { FhirTx } from './store';

export interface ResourceTypeCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Not imported: an unsupported resource type, or a report with no note text. */
  skipped: number;
}

export interface FhirImportReport {
  /** False when any error was found; then nothing of this input was written. */
  ok: boolean;
  /** Bundle type or 'ndjson'. */
  kind: string;
  /** Resources read from the input. */
  resources: number;
  counts: Record<string, ResourceTypeCounts>;
  errors: FhirIssue[];
  warnings: FhirIssue[];
  /** Database ids of the patients whose records this import wrote or confirmed (for the audit trail). */
  patientIds: string[];
}

export interface FhirImporterOptions {
  /** Mark imported patients and doctors synthetic (default false). */
  synthetic?: boolean;
  /** Largest bundle or NDJSON file accepted, in bytes. */
  maxBytes?: number;
  /** Insert rows one statement each instead of in batches: the naive reference the benchmark compares with. */
  rowByRow?: boolean;
  /** Longest a single input's transaction may run (default 10 minutes). */
  transactionTimeoutMs?: number;
}

const MAX_ISSUES = 200;

function emptyCounts(): ResourceTypeCounts {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0 };
}

/**
 * Imports FHIR R4 bundles and NDJSON into the platform's tables. Each input is one transaction:
 * an error anywhere in it (validation, an unresolvable required reference, a cycle) writes nothing.
 * Re-importing the same input finds its rows by FHIR id and changes nothing.
 */
export class FhirImporter {
  private readonly handlers: Readonly<Record<string, ResourceHandler>>;

  constructor(
    private readonly client: PmedPrismaClient,
    private readonly options: FhirImporterOptions = {},
  ) {
    this.handlers = resourceHandlers({ synthetic: options.synthetic ?? false });
  }

  /** A Bundle as JSON text or a parsed value. */
  importBundle(input: string | unknown): Promise<FhirImportReport> {
    return this.importParsed(parseBundle(input, { maxBytes: this.options.maxBytes }));
  }

  /** Bulk-data NDJSON text: one resource per line. */
  importNdjson(text: string): Promise<FhirImportReport> {
    return this.importParsed(parseNdjson(text, { maxBytes: this.options.maxBytes }));
  }

  async importParsed(parsed: ParsedInput): Promise<FhirImportReport> {
    const { issues } = parsed;
    const counts: Record<string, ResourceTypeCounts> = {};
    const report = (patientIds: string[] = []): FhirImportReport => ({
      ok: !issues.hasErrors,
      kind: parsed.kind,
      resources: parsed.entries.length,
      counts,
      errors: issues.errors.slice(0, MAX_ISSUES),
      warnings: issues.warnings.slice(0, MAX_ISSUES),
      patientIds: issues.hasErrors ? [] : patientIds,
    });
    if (issues.hasErrors) return report();
    const entries = prepareEntries(parsed.entries, this.handlers, issues);
    for (const entry of entries) {
      counts[entry.type] ??= emptyCounts();
      if (!entry.handler) counts[entry.type].skipped += 1;
    }
    for (const [type, count] of Object.entries(counts)) {
      if (!this.handlers[type] && count.skipped > 0) issues.warning('unsupported-type', type, `${count.skipped} ${type} resource(s) skipped: this type is not imported`);
    }
    if (issues.hasErrors) return report();

    const index = new BundleIndex(parsed.entries, entries.map((entry) => entry.fhirId));
    const externalKeys: ReferenceKey[] = [];
    const collected = mapAll({ entries, index, issues: new Issues(), entryRowId: () => null, external: { rowIds: new Map(), identifiers: new Map() }, onExternal: (key) => externalKeys.push(key) });
    let patientIds: string[] = [];
    try {
      await this.client.$transaction(
        async (tx) => {
          patientIds = await this.plan(tx, { entries, index, issues, counts, collectedRows: collected.rows, externalKeys });
        },
        { timeout: this.options.transactionTimeoutMs ?? 600_000, maxWait: 60_000 },
      );
    } catch (error) {
      if (isPmedError(error) || !isUniqueViolation(error)) throw error;
      issues.error('duplicate', parsed.kind === 'ndjson' ? 'line 1' : 'Bundle', `a row this input would write already exists with other content: ${(error as Error).message.split('\n').pop()}`);
    }
    if (issues.hasErrors) for (const count of Object.values(counts)) Object.assign(count, { created: 0, updated: 0, unchanged: 0 });
    return report(patientIds);
  }

  private async plan(
    tx: FhirTx,
    input: { entries: PreparedEntry[]; index: BundleIndex; issues: IssueList; counts: Record<string, ResourceTypeCounts>; collectedRows: ReturnType<typeof mapAll>['rows']; externalKeys: ReferenceKey[] },
  ): Promise<string[]> {
    const { entries, index, issues, counts } = input;
    const existing = await loadExistingRows(tx, input.collectedRows, issues);
    const external = await resolveExternal(tx, input.externalKeys, this.handlers);
    const rowIds = assignRowIds(input.collectedRows, existing);
    const primary = new Map<number, string>();
    for (const row of input.collectedRows) {
      if (row.fhirId === entries[row.entry].fhirId && !primary.has(row.entry)) primary.set(row.entry, rowIds.get(rowKey(row.model, row.fhirType, row.fhirId)) as string);
    }
    const mapped = mapAll({ entries, index, issues, entryRowId: (entry) => primary.get(entry) ?? null, external });
    const order = dependencyOrder(entries.length, mapped.edges, issues);
    if (issues.hasErrors) return [];
    const outcomes = await writeRows(tx, { rows: mapped.rows, patches: mapped.patches, existing, rowIds, order, rowByRow: this.options.rowByRow ?? false });
    await writeIdentifiers(tx, entries, new Set(outcomes.keys()), issues);
    entries.forEach((entry, i) => {
      if (!entry.handler) return;
      const outcome = outcomes.get(i);
      if (outcome) counts[entry.type][outcome] += 1;
      else counts[entry.type].skipped += 1; // e.g. a Medication, folded into its requests
    });
    const patients = new Set<string>();
    for (const row of mapped.rows) {
      if (row.model === 'patient') patients.add(rowIds.get(rowKey(row.model, row.fhirType, row.fhirId)) as string);
      else if (typeof row.data['patientId'] === 'string') patients.add(row.data['patientId']);
    }
    return [...patients];
  }
}
