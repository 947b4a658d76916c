import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { PmedConfig } from '@pmed/core';
import { API_KEY_VERIFIER, PMED_CONFIG, type ApiKeyVerifier } from '../runtime/runtime.tokens';

/** graphql-ws's close code for a refused connection. */
export const KEY_REVOKED_CLOSE_CODE = 4403;
export const KEY_REVOKED_REASON = 'The API key was revoked or has expired';

/** One open WebSocket authenticated with an API key. */
export interface KeySocket {
  /** ApiKey id. */
  keyId: string;
  /** The key as presented, to check it again. */
  key: string;
  /** GraphQL operations running on the socket now. */
  openOperations(): number;
  close(code: number, reason: string): void;
}

/**
 * The open WebSockets of each API key. A key revoked through this gateway closes its sockets at
 * once (`closeKey`); a key revoked elsewhere (the CLI, another gateway on the same database) or
 * expired is found by checking the keys of open sockets every `socketKeyCheckMs`. The check timer
 * runs only while sockets are open, does not keep the process alive, and stops on shutdown.
 */
@Injectable()
export class ApiKeySocketsService implements OnModuleDestroy {
  private readonly logger = new Logger('Subscriptions');
  private readonly byKey = new Map<string, Set<KeySocket>>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(API_KEY_VERIFIER) private readonly keys: ApiKeyVerifier,
    @Inject(PMED_CONFIG) private readonly config: PmedConfig,
  ) {}

  add(socket: KeySocket): void {
    if (this.stopped) return;
    let sockets = this.byKey.get(socket.keyId);
    if (!sockets) this.byKey.set(socket.keyId, (sockets = new Set()));
    sockets.add(socket);
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), this.config.socketKeyCheckMs);
      this.timer.unref();
    }
  }

  remove(socket: KeySocket): void {
    const sockets = this.byKey.get(socket.keyId);
    if (!sockets?.delete(socket)) return;
    if (sockets.size === 0) this.byKey.delete(socket.keyId);
    if (this.byKey.size === 0) this.stopTimer();
  }

  /** Closes every open socket of the key; returns how many were open. */
  closeKey(keyId: string, reason = KEY_REVOKED_REASON): number {
    const sockets = [...(this.byKey.get(keyId) ?? [])];
    for (const socket of sockets) {
      this.remove(socket);
      try {
        socket.close(KEY_REVOKED_CLOSE_CODE, reason);
      } catch (error) {
        this.logger.warn(`Closing a socket of key ${keyId} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return sockets.length;
  }

  /** Open sockets of a key. */
  openSockets(keyId: string): number {
    return this.byKey.get(keyId)?.size ?? 0;
  }

  /** GraphQL operations running on the open sockets of a key, but for `except`. */
  openOperations(keyId: string, except?: KeySocket): number {
    let total = 0;
    for (const socket of this.byKey.get(keyId) ?? []) if (socket !== except) total += socket.openOperations();
    return total;
  }

  /**
   * Checks each key with open sockets once against the database and closes the sockets of keys that
   * are no longer valid. A failing database closes nothing: the next round tries again. Rounds never
   * overlap.
   */
  check(): Promise<void> {
    this.checking ??= this.checkKeys().finally(() => (this.checking = undefined));
    return this.checking;
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.stopTimer();
  }

  private async checkKeys(): Promise<void> {
    for (const [keyId, sockets] of [...this.byKey]) {
      if (this.stopped) return;
      const [first] = sockets;
      if (!first) continue;
      try {
        const record = await this.keys.verify(first.key);
        if (!record || record.id !== keyId) {
          const closed = this.closeKey(keyId);
          this.logger.log(`Closed ${closed} WebSocket connection(s) of API key ${keyId}: revoked or expired`);
        }
      } catch (error) {
        if (!this.stopped) this.logger.warn(`Checking the API key ${keyId} of open sockets failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
