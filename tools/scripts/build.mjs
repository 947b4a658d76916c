// Compiles apps/, libs/ and tools/ TypeScript to dist/ with SWC (decorator metadata on, path
// aliases rewritten to relative imports). Incremental: a file is recompiled only when its source is
// newer than its output, so `npm start` after the first build starts in about a second.
import { transformFile } from '@swc/core';
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const quiet = process.argv.includes('--quiet');
const outRoot = join(root, 'dist');
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !/\.(test|spec)\.ts$/.test(entry.name)) yield full;
  }
}

let compiled = 0;
let failed = 0;
const jobs = [];
for (const top of ['apps', 'libs', 'tools']) {
  const dir = join(root, top);
  if (!existsSync(dir)) continue;
  for (const file of walk(dir)) {
    if (file.includes(`${join('tools', 'reference')}`)) continue;
    const out = join(outRoot, relative(root, file)).replace(/\.ts$/, '.js');
    if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
    jobs.push(
      transformFile(file, {
        ...swcrc,
        swcrc: false,
        filename: file,
        sourceFileName: relative(dirname(out), file),
        jsc: { ...swcrc.jsc, baseUrl: root, paths: tsconfig.compilerOptions.paths },
      }).then(
        ({ code, map }) => {
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, map ? `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n` : code);
          if (map) writeFileSync(`${out}.map`, map);
          compiled += 1;
        },
        (err) => {
          failed += 1;
          console.error(`build: ${relative(root, file)}: ${err.message ?? err}`);
        },
      ),
    );
  }
}
await Promise.all(jobs);
if (!quiet || failed) console.error(`build: ${compiled} file(s) compiled to dist/${failed ? `, ${failed} failed` : ''}`);
process.exit(failed ? 1 : 0);
