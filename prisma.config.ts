// Prisma CLI settings for this workspace. Prisma's JS schema engine works offline (the Rust engine
// download does not), so every CLI command that touches a database goes through a driver adapter.
// The target follows DATABASE_URL like the application does: `postgres://...` selects the PostgreSQL
// schema and migrations, anything else the SQLite ones. `PMED_PRISMA_TARGET=postgres|sqlite`
// forces one (tools/scripts/prisma-migration.mjs uses it). Example:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmed npx prisma migrate status
import { defineConfig } from 'prisma/config';

const url = process.env['DATABASE_URL'] || 'file:./data/pmed.db';
const target = process.env['PMED_PRISMA_TARGET'] || (/^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite');

function pgSettings(raw: string): { connectionString: string; schema: string | undefined } {
  const parsed = new URL(raw);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

export default target === 'postgres'
  ? defineConfig({
      experimental: { adapter: true },
      engine: 'js',
      schema: 'prisma/postgres/schema.prisma',
      migrations: { path: 'prisma/postgres/migrations' },
      async adapter() {
        const { PrismaPg } = await import('@prisma/adapter-pg');
        const { connectionString, schema } = pgSettings(url);
        return new PrismaPg({ connectionString }, schema ? { schema } : undefined);
      },
    })
  : defineConfig({
      experimental: { adapter: true },
      engine: 'js',
      schema: 'prisma/schema.prisma',
      migrations: { path: 'prisma/migrations' },
      async adapter() {
        const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
        const factory = new PrismaBetterSQLite3({ url: url.replace(/^file:/, '') });
        // `migrate diff --from-migrations` replays each migration into the shadow database with one
        // executeRaw call, which better-sqlite3 refuses for more than one statement; run such
        // scripts with executeScript instead.
        const connectToShadowDb = factory.connectToShadowDb.bind(factory);
        factory.connectToShadowDb = async () => {
          const shadow = await connectToShadowDb();
          const executeRaw = shadow.executeRaw.bind(shadow);
          shadow.executeRaw = async (query) => {
            try {
              return await executeRaw(query);
            } catch (error) {
              if (query.args.length > 0) throw error;
              await shadow.executeScript(query.sql);
              return 0;
            }
          };
          return shadow;
        };
        return factory;
      },
    });
