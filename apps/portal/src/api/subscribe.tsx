// A small graphql-ws ("graphql-transport-ws") client over the browser's WebSocket: one socket per
// subscription, which is all the portal needs (a job's live progress).
import { ApiError, type GraphQLErrorBody } from './graphql';

export interface SubscribeOptions<T> {
  url: string;
  key: string;
  query: string;
  variables?: Record<string, unknown>;
  onNext(data: T): void;
  onError(error: ApiError): void;
  onComplete?(): void;
  /** For tests; default the global WebSocket. */
  WebSocketImpl?: new (url: string, protocols: string) => WebSocketLike;
}

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
}

const OPEN = 1;
const SUBSCRIPTION_ID = '1';

/** Where the socket of a page served at `location` connects: same host, ws or wss. */
export function socketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/** Starts the subscription; the returned function ends it. */
export function subscribe<T>(options: SubscribeOptions<T>): () => void {
  const Impl = options.WebSocketImpl ?? (WebSocket as unknown as new (url: string, protocols: string) => WebSocketLike);
  const socket = new Impl(options.url, 'graphql-transport-ws');
  let finished = false;
  const finish = (): void => {
    finished = true;
    if (socket.readyState === OPEN) socket.close(1000, 'done');
  };
  const send = (message: Record<string, unknown>): void => socket.send(JSON.stringify(message));

  socket.onopen = () => {
    // Cancelled while still connecting: nothing to subscribe to any more.
    if (finished) socket.close(1000, 'done');
    else send({ type: 'connection_init', payload: { authorization: `Bearer ${options.key}` } });
  };
  socket.onmessage = (event: MessageEvent) => {
    let message: { type?: string; id?: string; payload?: unknown };
    try {
      message = JSON.parse(String(event.data)) as typeof message;
    } catch {
      return;
    }
    switch (message.type) {
      case 'connection_ack':
        send({ id: SUBSCRIPTION_ID, type: 'subscribe', payload: { query: options.query, variables: options.variables ?? {} } });
        break;
      case 'ping':
        send({ type: 'pong' });
        break;
      case 'next': {
        const payload = message.payload as { data?: T | null; errors?: GraphQLErrorBody[] };
        const first = payload.errors?.[0];
        if (first) {
          finish();
          options.onError(new ApiError(first.extensions?.code ?? 'SUBSCRIPTION_ERROR', first.message, first.extensions?.details));
        } else if (payload.data) options.onNext(payload.data);
        break;
      }
      case 'error': {
        const first = (message.payload as GraphQLErrorBody[] | undefined)?.[0];
        finish();
        options.onError(new ApiError(first?.extensions?.code ?? 'SUBSCRIPTION_ERROR', first?.message ?? 'The subscription was refused'));
        break;
      }
      case 'complete':
        finish();
        options.onComplete?.();
        break;
    }
  };
  socket.onclose = (event: CloseEvent) => {
    if (finished) return;
    finished = true;
    const code = event.code === 4403 ? 'FORBIDDEN' : event.code === 4401 ? 'UNAUTHENTICATED' : 'NETWORK';
    options.onError(new ApiError(code, `The live connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`));
  };
  return () => {
    if (finished) return;
    if (socket.readyState === OPEN) send({ id: SUBSCRIPTION_ID, type: 'complete' });
    finish();
  };
}
