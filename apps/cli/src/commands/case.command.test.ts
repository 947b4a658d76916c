import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@pmed/data';
import { runPmed } from '../testing/run-pmed';

jest.setTimeout(120_000);

const REAL = join(__dirname, '../../../../../shared/data/physionet2012');


(existsSync(REAL) ? describe : describe.skip)('pmed import physionet2012 and pmed case', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-cli-case-'));
    env = { DATABASE_URL: `file:${join(dir, 'cli.db')}`, PMED_DATA_DIR: dir };
    // The first 24 stays of set A (4 in-hospital deaths), with their outcome rows.
    const outcomes = readFileSync(join(REAL, 'Outcomes-a.txt'), 'utf8').trim().split('\n').slice(0, 25);
    mkdirSync(join(dir, 'set'));
    for (const line of outcomes.slice(1)) copyFileSync(join(REAL, 'set-a', `${line.split(',')[0]}.txt`), join(dir, 'set', `${line.split(',')[0]}.txt`));
    writeFileSync(join(dir, 'outcomes.txt'), outcomes.join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => runPmed(env, ...args);

  it('imports real stays idempotently, trains, evaluates and predicts with drivers', async () => {
    const first = JSON.parse((await run('import', 'physionet2012', join(dir, 'set'), '--outcomes', join(dir, 'outcomes.txt'), '--json')).out[0]);
    expect(first).toMatchObject({ records: 24, created: 24, unchanged: 0, unknownParameters: {} });
    expect(first.observations).toBeGreaterThan(24 * 50);
    const again = JSON.parse((await run('import', 'physionet2012', join(dir, 'set'), '--outcomes', join(dir, 'outcomes.txt'), '--json')).out[0]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 24, observations: 0 });

    const trained = JSON.parse((await run('case', 'train', '--source', 'physionet2012', '--hours', '12', '--epochs', '2', '--units', '4', '--hidden', '4', '--patience', '0', '--summary-stats', 'first,max', '--ensemble-size', '2')).out[0]);
    expect(trained).toMatchObject({ name: 'default', version: 1, outcome: 'inHospitalDeath', stays: 24, positives: 4, metrics: { ensembleSize: 2 } });

    const evaluated = JSON.parse((await run('case', 'evaluate', '--source', 'physionet2012')).out[0]);
    expect(evaluated).toMatchObject({ encounters: 24, count: 24, positives: 4 });
    expect(evaluated.auroc).toBeGreaterThanOrEqual(0);
    expect(evaluated.reliability.length).toBeGreaterThan(0);

    const db = await openDatabase({ url: env['DATABASE_URL'] });
    const patient = await db.client.patient.findUniqueOrThrow({ where: { mrn: 'PN2012-132539' } });
    await db.close();
    const svg = join(dir, 'heat.svg');
    const predicted = JSON.parse((await run('case', 'predict', patient.id, '--heatmap', svg, '--drivers', '3')).out[0]);
    expect(predicted.patientId).toBe(patient.id);
    expect(predicted.calibratedRisk).toBeGreaterThanOrEqual(0);
    expect(predicted.drivers).toHaveLength(3);
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
    await expect(run('case', 'predict', 'nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
