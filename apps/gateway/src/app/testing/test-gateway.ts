import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@pmed/core';
import { ApiKeyRepository, type Role } from '@pmed/data';
import request from 'supertest';
import { createGateway, type Gateway } from '../create-gateway';

export interface GqlResponse {
  status: number;
  headers: Record<string, string>;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[] };
}

export interface TestGateway {
  gateway: Gateway;
  keys: Record<Role, string>;
  keyIds: Record<Role, string>;
  /** POST /graphql; `key: null` sends none. */
  gql(query: string, options?: { key?: string | null; variables?: Record<string, unknown> }): Promise<GqlResponse>;
  close(): Promise<void>;
}

/**
 * A gateway on a fresh SQLite file in a temp folder, on a free port, with one key per role.
 * `env` overrides the settings (e.g. PMED_RATE_LIMIT, or DATABASE_URL for PostgreSQL).
 */
export async function startTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'pmed-gateway-'));
  const config = loadConfig({ PMED_DATA_DIR: dir, PMED_DEMO: '0', PMED_TF_BACKEND: 'cpu', PMED_PORT: '0', PMED_SHUTDOWN_GRACE_MS: '5000', ...env });
  const gateway = await createGateway({ config, logger: false, log: () => undefined });
  const repository = new ApiKeyRepository(gateway.runtime.database);
  const keys = {} as Record<Role, string>;
  const keyIds = {} as Record<Role, string>;
  for (const role of ['clinician', 'researcher', 'admin'] as const) {
    const created = await repository.create({ name: `test ${role}`, role });
    keys[role] = created.key;
    keyIds[role] = created.record.id;
  }
  let closed = false;
  return {
    gateway,
    keys,
    keyIds,
    async gql(query, options = {}) {
      const key = options.key === undefined ? keys.admin : options.key;
      let call = request(gateway.url).post('/graphql').set('Content-Type', 'application/json');
      if (key !== null) call = call.set('Authorization', `Bearer ${key}`);
      const response = await call.send({ query, variables: options.variables });
      return { status: response.status, headers: response.headers as Record<string, string>, body: response.body as GqlResponse['body'] };
    },
    async close() {
      if (closed) return;
      closed = true;
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function errorCode(response: GqlResponse): string | undefined {
  return response.body.errors?.[0]?.extensions?.code;
}
