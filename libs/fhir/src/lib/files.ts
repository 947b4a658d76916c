import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { badInput } from '@pmed/core';
import type { FhirImporter, FhirImportReport } from './importer';

/** Shared resources first, so the conditional references of the files after them resolve. */
const TYPE_ORDER = ['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Patient', 'Medication', 'Encounter'];

function rank(file: string): number {
  const name = basename(file);
  if (name.startsWith('hospitalInformation')) return 0;
  if (name.startsWith('practitionerInformation')) return 1;
  const type = TYPE_ORDER.indexOf(name.replace(/(\.\d+)?\.ndjson$/, ''));
  return type >= 0 ? 2 + type : 2 + TYPE_ORDER.length;
}

/** The `.json` bundles and `.ndjson` files at `path` (a file or a folder, not recursive), in import order. */
export function listFhirFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw badInput('path', `${path} does not exist`);
  }
  const files = stat.isDirectory()
    ? readdirSync(path)
        .filter((name) => ['.json', '.ndjson'].includes(extname(name)))
        .map((name) => join(path, name))
    : [path];
  if (files.length === 0) throw badInput('path', `${path} holds no .json or .ndjson files`);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface FileImportResult {
  file: string;
  report: FhirImportReport;
}

/** Imports each file in its own transaction; one file's errors do not stop the others. */
export async function importFhirFiles(importer: FhirImporter, files: readonly string[], onFile?: (done: number, total: number, file: string) => void): Promise<FileImportResult[]> {
  const results: FileImportResult[] = [];
  for (const [i, file] of files.entries()) {
    const text = readFileSync(file, 'utf8');
    const report = extname(file) === '.ndjson' ? await importer.importNdjson(text) : await importer.importBundle(text);
    results.push({ file, report });
    onFile?.(i + 1, files.length, file);
  }
  return results;
}

/** Counts per resource type summed over several reports. */
export function sumCounts(reports: readonly FhirImportReport[]): FhirImportReport['counts'] {
  const total: FhirImportReport['counts'] = {};
  for (const report of reports) {
    for (const [type, counts] of Object.entries(report.counts)) {
      const into = (total[type] ??= { created: 0, updated: 0, unchanged: 0, skipped: 0 });
      into.created += counts.created;
      into.updated += counts.updated;
      into.unchanged += counts.unchanged;
      into.skipped += counts.skipped;
    }
  }
  return total;
}
