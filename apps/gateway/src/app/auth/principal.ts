import type { Role } from '@pmed/data';

/** Who is calling: the API key's record, as the resolvers and the audit trail see it. */
export interface Principal {
  /** ApiKey id. */
  id: string;
  name: string;
  role: Role;
}

/** Pulls the presented key from `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedApiKey(headers: Record<string, string | string[] | undefined>): { key?: string; problem?: string } {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim();
  const authorization = single(headers['authorization']);
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return { problem: 'the Authorization header must be "Bearer <api key>"' };
    return { key: match[1] };
  }
  const header = single(headers['x-api-key']);
  return header ? { key: header } : {};
}
