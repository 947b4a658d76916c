import { presentedApiKey } from './principal';

describe('presentedApiKey', () => {
  it('reads Bearer and x-api-key, and names a malformed Authorization header', () => {
    expect(presentedApiKey({ authorization: 'Bearer abc' })).toEqual({ key: 'abc' });
    expect(presentedApiKey({ authorization: 'bearer   abc ' })).toEqual({ key: 'abc' });
    expect(presentedApiKey({ 'x-api-key': 'xyz' })).toEqual({ key: 'xyz' });
    expect(presentedApiKey({})).toEqual({});
    expect(presentedApiKey({ authorization: 'Basic dXNlcjpwdw==' }).problem).toMatch(/Bearer/);
  });
});
