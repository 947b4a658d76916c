import type { Database } from '@pmed/data';
import { SELFTEST_KIND } from '@pmed/jobs';
import { platformJobRegistry, PLATFORM_JOB_REGISTRARS } from './index';

describe('platformJobRegistry', () => {
  it('holds every registrar and a fresh registry each time', () => {
    const db = {} as Database;
    const first = platformJobRegistry({ db });
    expect(first.kinds()).toContain(SELFTEST_KIND);
    expect(PLATFORM_JOB_REGISTRARS.length).toBeGreaterThan(0);
    expect(platformJobRegistry({ db })).not.toBe(first);
  });
});
