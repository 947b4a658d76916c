import { PMED_VERSION } from './index';

describe('version', () => {
  it('is a semantic version', () => {
    expect(PMED_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
