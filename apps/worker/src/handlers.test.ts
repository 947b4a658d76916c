import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@pmed/core';
import type { Database } from '@pmed/data';
import { SELFTEST_KIND } from '@pmed/jobs';
import { buildRegistry } from './handlers';

const db = {} as Database;

describe('buildRegistry', () => {
  it('registers the built-in kinds', () => {
    expect(buildRegistry({ db }, undefined).kinds()).toContain(SELFTEST_KIND);
  });

  it('loads extra handlers from the module PMED_WORKER_HANDLERS names, and refuses a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmed-handlers-'));
    writeFileSync(join(dir, 'good.js'), "exports.registerJobHandlers = (registry) => registry.register('extra.kind', async () => 1);");
    writeFileSync(join(dir, 'bad.js'), 'exports.other = 1;');
    expect(buildRegistry({ db }, join(dir, 'good.js')).kinds()).toEqual(expect.arrayContaining(['extra.kind', SELFTEST_KIND]));
    expect(buildRegistry({ db }, join(dir, 'good.js')).kinds()).toHaveLength(buildRegistry({ db }, undefined).kinds().length + 1);
    expect(() => buildRegistry({ db }, join(dir, 'bad.js'))).toThrow(expect.objectContaining({ code: ErrorCode.CONFIG_INVALID }));
    expect(() => buildRegistry({ db }, join(dir, 'missing.js'))).toThrow(/cannot load/);
  });
});
