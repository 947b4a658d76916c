import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PmedError } from '@pmed/core';
import type { Principal } from '../auth/principal';

/** The GraphQL context of one HTTP request or one WebSocket subscription. */
export interface GatewayContext {
  req: IncomingMessage;
  /** Null when no valid key was presented; the guard then refuses every operation. */
  principal: Principal | null;
  /** Why a presented key was refused (unknown, revoked, expired, malformed header). */
  authError: PmedError | null;
  requestId: string;
  ip: string | null;
  /** Per-request memo for loaders and caches that must not outlive the request. */
  scoped: Map<unknown, unknown>;
}

/** The value stored under `key` for this request, created on first use. */
export function requestScoped<T>(ctx: GatewayContext, key: object | symbol, create: () => T): T {
  if (!ctx.scoped.has(key)) ctx.scoped.set(key, create());
  return ctx.scoped.get(key) as T;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane token, else a fresh one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function clientIp(req: IncomingMessage): string | null {
  return req.socket?.remoteAddress ?? null;
}
