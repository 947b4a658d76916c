import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@pmed/data';
import { buildProgram } from '../program';
import { allCommands, runPmed } from '../testing/run-pmed';

const FIXTURES = join(__dirname, '__fixtures__');

describe('pmed import doctors / drugs', () => {
  let dir: string;
  let env: Record<string, string>;
  let db: Database;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-cli-catalogue-'));
    env = { DATABASE_URL: `file:${join(dir, 'cli.db')}`, PMED_DATA_DIR: dir };
    db = await openDatabase({ url: env['DATABASE_URL']!, migrate: true });
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports doctors with quoted fields and lists, then finds nothing to change on re-import', async () => {
    const first = await runPmed(env, 'import', 'doctors', join(FIXTURES, 'doctors.csv'));
    expect(first.out[0]).toMatch(/3 row\(s\), created 3, updated 0, unchanged 0/);
    const okafor = await db.client.doctor.findUniqueOrThrow({ where: { id: 'csv-doctor-01' } });
    expect(okafor).toMatchObject({ name: 'Okafor, Ngozi', specialties: ['cardiology', 'electrophysiology'], languages: ['en', 'fr'], outcomes: { readmissionRate: 0.04, mortalityRate: 0.01 }, openSlots: 3, npi: '1234567893' });
    const rivera = await db.client.doctor.findUniqueOrThrow({ where: { id: 'csv-doctor-03' } });
    expect(rivera).toMatchObject({ name: 'Dr "Sam" Rivera', specialties: ['infectious diseases', 'internal medicine'], outcomes: {}, openSlots: 0, npi: null });
    const again = JSON.parse((await runPmed(env, 'import', 'doctors', join(FIXTURES, 'doctors.csv'), '--json')).out[0]!) as { created: number; unchanged: number };
    expect(again).toMatchObject({ created: 0, unchanged: 3 });
  });

  it('names every malformed line and imports nothing from that file', async () => {
    const before = await db.client.doctor.count();
    const error = await runPmed(env, 'import', 'doctors', join(FIXTURES, 'doctors-bad-line.csv')).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    const message = (error as Error).message;
    expect(message).toMatch(/4 bad line\(s\), nothing imported/);
    expect(message).toMatch(/line 3: openSlots must be a whole number >= 0, got 'two'/);
    expect(message).toMatch(/line 4: specialties needs at least one entry/);
    expect(message).toMatch(/line 5: expected 5 fields as in the header, found 6/);
    expect(message).toMatch(/line 6: id csv-doctor-10 already appears on line 2/);
    expect(await db.client.doctor.count()).toBe(before);
    expect(await db.client.doctor.findUnique({ where: { id: 'csv-doctor-10' } })).toBeNull();
  });

  it('names unknown and missing columns', async () => {
    const file = join(dir, 'columns.csv');
    writeFileSync(file, 'code,title,classes,colour\nX01,x,y,red\n');
    await expect(runPmed(env, 'import', 'drugs', file)).rejects.toThrow(/unknown column\(s\) 'title', 'colour'.*missing required column\(s\): name/);
    writeFileSync(file, '');
    await expect(runPmed(env, 'import', 'drugs', file)).rejects.toThrow(/empty; it needs a header line/);
  });

  it('imports drugs with quoted commas, and a re-import updates by code', async () => {
    const first = await runPmed(env, 'import', 'drugs', join(FIXTURES, 'drugs.csv'), '--synthetic');
    expect(first.out[0]).toMatch(/created 3, updated 0, unchanged 0/);
    const coamox = await db.client.drug.findFirstOrThrow({ where: { code: 'J01CR02' } });
    expect(coamox).toMatchObject({ name: 'amoxicillin, clavulanate', indications: ['Community-acquired pneumonia', 'N39.0'], contraindications: ['penicillin'], interactsWith: [], synthetic: true });
    expect(await db.client.drug.findFirstOrThrow({ where: { code: 'N02BE51' } })).toMatchObject({ name: 'paracetamol "combination"', indications: ['pain, mild', 'fever'] });
    const acenocoumarolId = (await db.client.drug.findFirstOrThrow({ where: { code: 'B01AA07' } })).id;

    const second = await runPmed(env, 'import', 'drugs', join(FIXTURES, 'drugs-update.csv'));
    expect(second.out[0]).toMatch(/3 row\(s\), created 1, updated 1, unchanged 1/);
    const acenocoumarol = await db.client.drug.findFirstOrThrow({ where: { code: 'B01AA07' } });
    expect(acenocoumarol).toMatchObject({ id: acenocoumarolId, contraindications: ['active bleeding', 'K27.9', 'N18.4'], interactsWith: ['aspirin', 'NSAID', 'J01FA09', 'amiodarone'] });
    // The row the update file does not name stays; simvastatin is new.
    expect((await db.client.drug.findMany({ orderBy: { code: 'asc' } })).map((d) => d.code)).toEqual(['B01AA07', 'C10AA01', 'J01CR02', 'N02BE51']);
  });

  it('a name taken by a drug of another code is a conflict, with its line', async () => {
    const file = join(dir, 'conflict.csv');
    writeFileSync(file, 'code,name\nZ99ZZ01,new drug\nZ99ZZ02,acenocoumarol\n');
    await expect(runPmed(env, 'import', 'drugs', file)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/line 3: name acenocoumarol belongs to the stored drug with code B01AA07/) });
    expect(await db.client.drug.findFirst({ where: { code: 'Z99ZZ01' } })).toBeNull();
  });

  it('--help lists the columns and the file rules', async () => {
    const out: string[] = [];
    const { program, close } = buildProgram({ output: { out: () => undefined, err: () => undefined }, env });
    for (const command of allCommands(program)) command.exitOverride().configureOutput({ writeOut: (t) => out.push(t), writeErr: (t) => out.push(t) });
    await expect(program.parseAsync(['node', 'pmed', 'import', 'drugs', '--help'])).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
    await close();
    const text = out.join('\n');
    expect(text).toMatch(/Usage: pmed import drugs \[options\] <file>/);
    expect(text).toMatch(/code\s+\(required\) ATC or RxNorm code/);
    expect(text).toMatch(/interactions\s+drug names, codes or classes/);
    expect(text).toMatch(/separate their entries with ';' or '\|'/);
  });
});
