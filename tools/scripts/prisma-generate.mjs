// Derives prisma/postgres/schema.prisma from prisma/schema.prisma and generates both clients
// (TypeScript, no Rust engine: the client talks to the database through a driver adapter).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const source = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');
const pg = source
  .replace('output          = "../libs/data/src/generated/sqlite"', 'output          = "../../libs/data/src/generated/postgres"')
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('url      = "file:../data/pmed.db"', 'url      = env("PMED_POSTGRES_URL")')
  .replace(/^\/\/ The platform's data model[\s\S]*?\n\n/, '// GENERATED from ../schema.prisma by tools/scripts/prisma-generate.mjs: edit that file, not this one.\n\n');
if (pg === source || !pg.includes('postgresql') || !pg.includes('generated/postgres')) {
  throw new Error('prisma-generate: could not derive the PostgreSQL schema; check the generator and datasource blocks');
}
mkdirSync(join(root, 'prisma/postgres'), { recursive: true });
writeFileSync(join(root, 'prisma/postgres/schema.prisma'), pg);

const env = { ...process.env, PMED_POSTGRES_URL: process.env.PMED_POSTGRES_URL ?? 'postgresql://localhost/pmed', PRISMA_HIDE_UPDATE_MESSAGE: '1', PRISMA_GENERATE_NO_HINTS: '1',
  // Nothing executes these with engineType "client"; naming a file stops Prisma trying to download engines.
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? process.execPath };
const prisma = join(root, 'node_modules/prisma/build/index.js');
for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  execFileSync(process.execPath, [prisma, 'generate', '--schema', schema], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}
console.log('prisma: generated the SQLite and PostgreSQL clients in libs/data/src/generated/');
