import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { portalStatic } from './portal-static';

describe('portalStatic', () => {
  const root = mkdtempSync(join(tmpdir(), 'pmed-portal-'));
  let server: Server;

  beforeAll(() => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>portal</title>');
    writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'pmed-portal-secret.txt'), 'secret');
    const serve = portalStatic({ root });
    // Whatever the middleware passes on answers 404 "next", as Nest's router would for these tests.
    server = createServer((req, res) => serve(req, res, () => res.writeHead(404).end('next')));
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'pmed-portal-secret.txt'), { force: true });
  });

  it('serves index.html at / with no-cache and a content security policy', async () => {
    const res = await request(server).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.text).toContain('<title>portal</title>');
  });

  it('serves hashed assets as immutable and answers 304 to a matching ETag', async () => {
    const res = await request(server).get('/assets/app-1234.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toContain('immutable');
    const again = await request(server).get('/assets/app-1234.js').set('If-None-Match', res.headers['etag']!);
    expect(again.status).toBe(304);
  });

  it('answers page paths with index.html for browsers (client-side routes)', async () => {
    const res = await request(server).get('/patients/p-123').set('Accept', 'text/html,application/xhtml+xml');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>portal</title>');
  });

  it('passes API paths, other methods, missing assets and non-browser requests on', async () => {
    for (const path of ['/graphql', '/graphql?query=x', '/health', '/fhir/Patient/1/$everything']) {
      const res = await request(server).get(path).set('Accept', 'text/html');
      expect({ path, text: res.text }).toEqual({ path, text: 'next' });
    }
    expect((await request(server).post('/').send({})).text).toBe('next');
    expect((await request(server).get('/assets/missing.js')).text).toBe('next');
    expect((await request(server).get('/patients').set('Accept', 'application/json')).text).toBe('next');
  });

  it('never serves a file outside the portal folder', async () => {
    for (const path of ['/../pmed-portal-secret.txt', '/%2e%2e/pmed-portal-secret.txt', '/assets/..%2f..%2fpmed-portal-secret.txt', '/%00']) {
      const res = await request(server).get(path);
      expect(res.text).not.toContain('secret');
    }
  });
});
