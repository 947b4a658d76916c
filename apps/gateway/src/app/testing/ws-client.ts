import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestGateway } from './test-gateway';

export interface SocketClosed {
  code: number;
  reason: string;
}

export interface TestSocket {
  client: Client;
  /** Resolves when the server (or the client) closes the socket. */
  closed: Promise<SocketClosed>;
}

/** A graphql-ws client for the test gateway that never reconnects; `key: null` sends none. */
export function wsClient(t: TestGateway, key: string | null): TestSocket {
  let onClosed: (event: SocketClosed) => void = () => undefined;
  const closed = new Promise<SocketClosed>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: `${t.gateway.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  return { client, closed };
}

export interface OpenedOperation {
  /** `open`: the first result arrived without errors; `error`: errors came instead; `complete`: it ended with neither. */
  outcome: 'open' | 'error' | 'complete';
  /** The stable code of the first error, when there was one. */
  code?: string;
  errors?: unknown;
  /** Sends `complete` for the operation (the client's unsubscribe). */
  unsubscribe: () => void;
}

/** Starts an operation over the socket and resolves at its first result, error or completion. */
export function openOperation(socket: TestSocket, query: string, variables: Record<string, unknown> = {}): Promise<OpenedOperation> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Omit<OpenedOperation, 'unsubscribe'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, unsubscribe });
    };
    const failed = (errors: unknown) => {
      const code = Array.isArray(errors) ? (errors[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code : undefined;
      settle({ outcome: 'error', code, errors });
    };
    const unsubscribe = socket.client.subscribe(
      { query, variables },
      {
        next: (message) => (message.errors ? failed(message.errors) : settle({ outcome: 'open' })),
        error: failed,
        complete: () => settle({ outcome: 'complete' }),
      },
    );
  });
}
