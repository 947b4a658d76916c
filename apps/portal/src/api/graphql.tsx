// The portal's only way to the platform: POST /graphql with the API key, errors turned into
// ApiError with the gateway's stable code so every page can show a readable message.

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; details?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const FRIENDLY: Record<string, string> = {
  UNAUTHENTICATED: 'The API key was not accepted. Log in again with a valid key.',
  FORBIDDEN: 'Your API key’s role may not do this.',
  NETWORK: 'The gateway could not be reached. Check that it is running.',
  RATE_LIMITED: 'Too many requests in a short time. Wait a moment and try again.',
};

/** A sentence for people: what went wrong, then the gateway's own words. */
export function describeError(error: unknown): { title: string; detail: string; code: string } {
  if (error instanceof ApiError) {
    if (error.code === 'GRAPHQL_VALIDATION_FAILED' && /Cannot query field/.test(error.message)) {
      return { code: error.code, title: 'This gateway does not offer this feature yet.', detail: error.message };
    }
    return { code: error.code, title: FRIENDLY[error.code] ?? 'The request failed.', detail: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'CLIENT_ERROR', title: 'Something went wrong in the portal.', detail: message };
}

export interface RequestOptions {
  key: string;
  signal?: AbortSignal;
  /** Where the gateway is; default the page's own origin. */
  endpoint?: string;
}

export async function gqlRequest<T>(query: string, variables: Record<string, unknown> | undefined, options: RequestOptions): Promise<T> {
  let response: Response;
  try {
    response = await fetch(options.endpoint ?? '/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.key}` },
      body: JSON.stringify({ query, variables: variables ?? {} }),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError('NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
  let body: { data?: T | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    const code = response.status === 413 ? 'PAYLOAD_TOO_LARGE' : response.status === 429 ? 'RATE_LIMITED' : 'BAD_RESPONSE';
    throw new ApiError(code, `The gateway answered HTTP ${response.status} ${response.statusText} without a GraphQL result`);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.extensions?.code ?? `HTTP_${response.status}`, first.message, first.extensions?.details);
  if (!body.data) throw new ApiError('BAD_RESPONSE', `The gateway answered HTTP ${response.status} with no data`);
  return body.data;
}
