import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { errorCode, startTestGateway } from '../testing/test-gateway';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limiting', () => {
  it('answers RATE_LIMITED with Retry-After once a key spends its requests for the minute', async () => {
    const t = await startTestGateway({ PMED_RATE_LIMIT: '3' });
    try {
      for (let i = 0; i < 3; i += 1) expect(errorCode(await t.gql('{ system { version } }'))).toBeUndefined();
      const limited = await t.gql('{ system { version } }');
      expect(limited.status).toBe(429);
      expect(errorCode(limited)).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Another key has its own allowance; health checks are never limited.
      expect(errorCode(await t.gql('{ system { version } }', { key: t.keys.researcher }))).toBeUndefined();
      expect((await request(t.gateway.url).get('/health')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets a request already in flight finish and refuses new connections', async () => {
    const t = await startTestGateway();
    const body = JSON.stringify({ query: '{ system { version queue } }' });
    const url = new URL('/graphql', t.gateway.url);
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${t.keys.admin}` },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      // Half the body now: the request is in flight when the shutdown starts.
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 600);
    });
    await sleep(150);
    const closing = t.close();
    await sleep(150);
    await expect(request(t.gateway.url).get('/health')).rejects.toThrow(/ECONNREFUSED|socket hang up|ECONNRESET/);
    const response = await answered;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text).data.system).toEqual({ version: expect.any(String), queue: 'in-process' });
    await closing;
  });
});
