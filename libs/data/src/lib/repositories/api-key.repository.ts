import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { badInput, notFound } from '@pmed/core';
import type { PmedPrismaClient } from '../database';
import { clientOf, isUniqueViolation, oneOf, optionalDate, requireText, type DataSource } from './source';

export const ROLES = ['clinician', 'researcher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An API key as stored: never the key itself nor its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** Identifies the key in lists and logs; the key reads `pmed_<prefix>_<secret>`. */
  prefix: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface CreateApiKeyInput {
  name: string;
  role: Role;
  expiresAt?: Date;
}

export interface CreatedApiKey {
  /** The whole key; shown once, only its sha256 is stored. */
  key: string;
  record: ApiKeyRecord;
}

const KEY_PATTERN = /^pmed_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** lastUsedAt is refreshed at most this often, so verifying a key is not a write per request. */
export const API_KEY_LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function newPrefix(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join('');
}

type Row = ApiKeyRecord & { hash: string };

function toRecord(row: Row): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

export class ApiKeyRepository {
  private readonly client: PmedPrismaClient;

  constructor(source: DataSource, private readonly now: () => Date = () => new Date()) {
    this.client = clientOf(source);
  }

  async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const name = requireText('name', input?.name, 100);
    const role = oneOf('role', input.role, ROLES);
    const expiresAt = optionalDate('expiresAt', input.expiresAt);
    if (expiresAt && expiresAt.getTime() <= this.now().getTime()) throw badInput('expiresAt', 'must be in the future');
    // A prefix collision is astronomically rare but cheap to survive.
    for (let attempt = 0; ; attempt++) {
      const prefix = newPrefix();
      const key = `pmed_${prefix}_${randomBytes(32).toString('base64url')}`;
      try {
        const row = await this.client.apiKey.create({ data: { name, role, prefix, hash: hashApiKey(key), expiresAt } });
        return { key, record: toRecord(row as Row) };
      } catch (error) {
        if (attempt >= 2 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** The key's record when it is well formed, known, not revoked and not expired; otherwise null. */
  async verify(key: string): Promise<ApiKeyRecord | null> {
    if (typeof key !== 'string') return null;
    const match = KEY_PATTERN.exec(key.trim());
    if (!match) return null;
    const hash = hashApiKey(key.trim());
    const row = (await this.client.apiKey.findUnique({ where: { hash } })) as Row | null;
    if (!row || row.prefix !== match[1]) return null;
    if (!timingSafeEqual(Buffer.from(row.hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
    const now = this.now();
    if (row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= API_KEY_LAST_USED_RESOLUTION_MS) {
      const threshold = new Date(now.getTime() - API_KEY_LAST_USED_RESOLUTION_MS);
      // Conditional, so concurrent requests with the same key write once.
      await this.client.apiKey.updateMany({
        where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: threshold } }] },
        data: { lastUsedAt: now },
      });
      row.lastUsedAt = now;
    }
    return toRecord(row);
  }

  /** Revokes by id or prefix; revoking twice keeps the first revocation time. */
  async revoke(idOrPrefix: string): Promise<ApiKeyRecord> {
    const ref = requireText('idOrPrefix', idOrPrefix, 100);
    const row = (await this.client.apiKey.findFirst({ where: { OR: [{ id: ref }, { prefix: ref }] } })) as Row | null;
    if (!row) throw notFound('ApiKey', ref);
    if (row.revokedAt) return toRecord(row);
    const updated = await this.client.apiKey.update({ where: { id: row.id }, data: { revokedAt: this.now() } });
    return toRecord(updated as Row);
  }

  async list(options: { includeRevoked?: boolean } = {}): Promise<ApiKeyRecord[]> {
    const rows = await this.client.apiKey.findMany({
      where: options.includeRevoked === false ? { revokedAt: null } : {},
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return (rows as Row[]).map(toRecord);
  }
}
