// Builds the portal with Vite unless dist/apps/portal is already newer than every source file, so
// `npm start` pays for the bundle only after the portal changed. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outIndex = resolve(here, '../../dist/apps/portal/index.html');
const quiet = process.argv.includes('--quiet');
const force = process.argv.includes('--force');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry.endsWith('.test.tsx') || entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const sources = ['index.html', 'vite.config.mjs', 'src', 'public'].map((p) => join(here, p)).filter((p) => existsSync(p));
const sourceTime = Math.max(...sources.map(newestMtime));
if (!force && existsSync(outIndex) && statSync(outIndex).mtimeMs >= sourceTime) {
  if (!quiet) console.error('portal: up to date (dist/apps/portal)');
  process.exit(0);
}

const started = Date.now();
try {
  const { build } = await import('vite');
  await build({ configFile: join(here, 'vite.config.mjs'), logLevel: quiet ? 'error' : 'warn' });
} catch (error) {
  console.error(`portal: build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (!quiet) console.error(`portal: built into dist/apps/portal in ${((Date.now() - started) / 1000).toFixed(1)} s`);
