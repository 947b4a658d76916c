import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';

const root = resolve(__dirname, '../../..');

/** Resolves with the first match of `pattern` in the child's output (stdout and stderr). */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolvePromise, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code} before ${pattern}; output:\n${seen}`)));
  });
}

describe('npm start (built gateway, first start on an empty data folder)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pmed-smoke-'));
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a demo key that answers the system query, refuses no key, and exits 0 on SIGTERM', async () => {
    execFileSync(process.execPath, ['tools/scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
    child = spawn(process.execPath, ['dist/apps/gateway/src/main.js'], {
      cwd: root,
      env: { ...process.env, PMED_PORT: '0', PMED_DATA_DIR: dataDir, PMED_TF_BACKEND: 'cpu', NO_COLOR: '1', DATABASE_URL: '', REDIS_URL: '', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const listening = waitForOutput(child, /listening on (http:\/\/[^\s/]+)\/graphql/, 90_000);
    const keyLine = waitForOutput(child, /PMED_DEMO_API_KEY=(pmed_[A-Za-z0-9_-]+)/, 90_000);
    const [, url] = await listening;
    const [, key] = await keyLine;

    const answer = await request(url!).post('/graphql').set('Authorization', `Bearer ${key}`).send({ query: '{ system { backend database queue } }' });
    expect(answer.body).toEqual({ data: { system: { backend: 'cpu', database: 'sqlite', queue: 'in-process' } } });
    const refused = await request(url!).post('/graphql').send({ query: '{ system { backend } }' });
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const exited = new Promise<number | null>((done) => child!.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);
});
