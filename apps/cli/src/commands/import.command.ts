import { Command } from 'commander';
import { FhirImporter, importFhirFiles, listFhirFiles, sumCounts, type FileImportResult } from '@pmed/fhir';
import type { CliContext, CliOutput } from '../context';
import { commandProgress } from '../progress';
import { importCatalogueSubcommand } from './import-catalogue.command';
import { importRatingsSubcommand } from './import-ratings.command';
import { importPhysionetCommand } from './import-physionet.command';

/**
 * `pmed import <source> ...`: bringing outside data into the platform. Each source is one
 * subcommand added below by a function of its own (e.g. a `ratings` importer next to `fhir`).
 */
export function importCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('import').description('import outside data into the platform database');
  command.addCommand(importFhirCommand(context, output));
  command.addCommand(importRatingsSubcommand(context, output));
  command.addCommand(importPhysionetCommand(context, output));
  command.addCommand(importCatalogueSubcommand(context, output, 'doctor'));
  command.addCommand(importCatalogueSubcommand(context, output, 'drug'));
  // More sources: one line each.
  return command;
}

function importFhirCommand(context: () => CliContext, output: CliOutput): Command {
  return new Command('fhir')
    .description('import FHIR R4 bundles (.json) and bulk-data NDJSON (.ndjson) from a file or folder; each file is one transaction')
    .argument('<file-or-dir>', 'a bundle, an NDJSON file, or a folder of them')
    .option('--synthetic', 'mark imported patients and doctors as synthetic (test and demo data)')
    .option('--json', 'print the reports as JSON instead of a table')
    .action(async (path: string, options: { synthetic?: boolean; json?: boolean }) => {
      const files = listFhirFiles(path);
      const db = await context().db();
      const importer = new FhirImporter(db.client, { synthetic: Boolean(options.synthetic) });
      const progress = commandProgress(output, 'import fhir');
      const started = performance.now();
      const results = await importFhirFiles(importer, files, (done, total, file) => progress.update({ fraction: done / total, message: file.split('/').pop() }));
      const seconds = (performance.now() - started) / 1000;
      const failed = results.filter((r) => !r.report.ok);
      progress.stop(`imported ${results.length - failed.length} of ${results.length} file(s) in ${seconds.toFixed(1)} s`);
      if (options.json) output.out(JSON.stringify(results.map((r) => ({ file: r.file, ...r.report }))));
      else for (const line of summaryTable(results)) output.out(line);
      for (const { file, report } of results) {
        for (const issue of [...report.errors, ...report.warnings].slice(0, 20)) output.err(`${file}: ${issue.severity} ${issue.code} at ${issue.location}: ${issue.message}`);
      }
      if (failed.length > 0) output.setExitCode?.(1);
    });
}

/** Resource types down, outcomes across, a total line. */
export function summaryTable(results: readonly FileImportResult[]): string[] {
  const counts = sumCounts(results.map((r) => r.report));
  const header = ['resource type', 'created', 'updated', 'unchanged', 'skipped'];
  const rows = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, c]) => [type, c.created, c.updated, c.unchanged, c.skipped].map(String));
  const total = ['total', ...(['created', 'updated', 'unchanged', 'skipped'] as const).map((k) => String(Object.values(counts).reduce((s, c) => s + c[k], 0)))];
  const errors = results.reduce((s, r) => s + r.report.errors.length, 0);
  const widths = header.map((_, i) => Math.max(...[header, ...rows, total].map((row) => row[i].length)));
  const format = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [format(header), ...rows.map(format), format(total), `errors: ${errors}`];
}
