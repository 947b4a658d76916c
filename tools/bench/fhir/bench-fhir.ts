// FHIR import throughput: every bundle and NDJSON file in --in DIR imported into a fresh SQLite
// database by the batched importer, then by the same importer inserting one row per statement
// (the naive reference), in the same run. Last line: {"resources","seconds","resources_per_second","errors",...}.
//   npm run bench:fhir -- --in ../shared/data/fhir/synthea [--repeat 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@pmed/data';
import { FhirImporter, importFhirFiles, listFhirFiles } from '@pmed/fhir';

interface RunResult {
  resources: number;
  seconds: number;
  errors: number;
}

function argument(name: string, fallback?: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : fallback;
  if (value === undefined) {
    console.error(`usage: npm run bench:fhir -- --in DIR [--repeat N]   (missing --${name})`);
    process.exit(2);
  }
  return value;
}

async function run(files: string[], rowByRow: boolean): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pmed-bench-fhir-'));
  const db = await openDatabase({ url: `file:${join(dir, 'bench.db')}` });
  try {
    const importer = new FhirImporter(db.client, { synthetic: true, rowByRow });
    const started = performance.now();
    const results = await importFhirFiles(importer, files);
    const seconds = (performance.now() - started) / 1000;
    return { resources: results.reduce((s, r) => s + r.report.resources, 0), seconds, errors: results.reduce((s, r) => s + r.report.errors.length, 0) };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const files = listFhirFiles(argument('in'));
  const repeat = Math.max(1, Number(argument('repeat', '3')) || 3);
  const best = async (rowByRow: boolean) => {
    const runs: RunResult[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await run(files, rowByRow));
    return runs.sort((a, b) => a.seconds - b.seconds)[0];
  };
  const batched = await best(false);
  const naive = await best(true);
  const rate = (r: RunResult) => Math.round(r.resources / r.seconds);
  console.log(`files: ${files.length}, resources: ${batched.resources}, best of ${repeat} runs each, SQLite`);
  console.log(`batched importer: ${batched.seconds.toFixed(3)} s, ${rate(batched)} resources/s`);
  console.log(`naive reference (one INSERT per row): ${naive.seconds.toFixed(3)} s, ${rate(naive)} resources/s`);
  console.log(
    JSON.stringify({
      resources: batched.resources,
      seconds: Number(batched.seconds.toFixed(3)),
      resources_per_second: rate(batched),
      errors: batched.errors,
      naive_resources_per_second: rate(naive),
      speedup_vs_naive: Number((naive.seconds / batched.seconds).toFixed(2)),
      target_resources_per_second: 5000,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
