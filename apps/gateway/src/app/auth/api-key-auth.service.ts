import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, PmedError } from '@pmed/core';
import type { ApiKeyRecord } from '@pmed/data';
import { API_KEY_VERIFIER, type ApiKeyVerifier } from '../runtime/runtime.tokens';
import { ApiKeySocketsService } from './api-key-sockets.service';
import type { Principal } from './principal';

export interface AuthOutcome {
  principal: Principal | null;
  error: PmedError | null;
}

/** Turns a presented API key into a principal; every call checks the database, so revocation is immediate. */
@Injectable()
export class ApiKeyAuthService {
  constructor(
    @Inject(API_KEY_VERIFIER) private readonly keys: ApiKeyVerifier,
    private readonly sockets: ApiKeySocketsService,
  ) {}

  async authenticate(presented: { key?: string; problem?: string }): Promise<AuthOutcome> {
    if (presented.problem) return { principal: null, error: new PmedError(ErrorCode.UNAUTHENTICATED, presented.problem) };
    if (!presented.key) return { principal: null, error: null };
    const record = await this.keys.verify(presented.key);
    if (!record) {
      return { principal: null, error: new PmedError(ErrorCode.UNAUTHENTICATED, 'The API key is not valid: unknown, revoked or expired') };
    }
    return { principal: { id: record.id, name: record.name, role: record.role }, error: null };
  }

  /** Revokes a key by id or prefix and closes its open WebSocket connections on this gateway at once. */
  async revoke(idOrPrefix: string): Promise<{ record: ApiKeyRecord; closedConnections: number }> {
    const record = await this.keys.revoke(idOrPrefix);
    return { record, closedConnections: this.sockets.closeKey(record.id) };
  }
}
