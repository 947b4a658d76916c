import { ApiError, describeError } from './graphql';
import { socketUrl, subscribe, type WebSocketLike } from './subscribe';

class FakeSocket implements WebSocketLike {
  static last: FakeSocket;
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code?: number): void {
    this.closedWith = code ?? 1000;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  drop(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
}

function start() {
  const seen: { next: unknown[]; errors: ApiError[]; completed: number } = { next: [], errors: [], completed: 0 };
  const stop = subscribe<{ n: number }>({
    url: 'ws://gw/graphql',
    key: 'pmed_k',
    query: 'subscription { x }',
    variables: { id: '1' },
    onNext: (d) => seen.next.push(d),
    onError: (e) => seen.errors.push(e),
    onComplete: () => seen.completed++,
    WebSocketImpl: FakeSocket,
  });
  return { seen, stop, socket: FakeSocket.last };
}

describe('graphql-ws client', () => {
  it('speaks graphql-transport-ws: init with the key, subscribe after the ack, answer pings, deliver data, finish on complete', () => {
    const { seen, socket } = start();
    expect(socket.protocol).toBe('graphql-transport-ws');
    socket.open();
    expect(socket.sent).toEqual([{ type: 'connection_init', payload: { authorization: 'Bearer pmed_k' } }]);
    socket.receive({ type: 'connection_ack' });
    expect(socket.sent[1]).toEqual({ id: '1', type: 'subscribe', payload: { query: 'subscription { x }', variables: { id: '1' } } });
    socket.receive({ type: 'ping' });
    expect(socket.sent[2]).toEqual({ type: 'pong' });
    socket.receive({ type: 'next', id: '1', payload: { data: { n: 1 } } });
    socket.receive({ type: 'next', id: '1', payload: { data: { n: 2 } } });
    socket.receive({ type: 'complete', id: '1' });
    expect(seen.next).toEqual([{ n: 1 }, { n: 2 }]);
    expect(seen.completed).toBe(1);
    expect(socket.closedWith).toBe(1000);
    socket.drop(1000);
    expect(seen.errors).toEqual([]);
  });

  it('turns GraphQL errors and refusals into ApiError with the stable code', () => {
    const first = start();
    first.socket.open();
    first.socket.receive({ type: 'connection_ack' });
    first.socket.receive({ type: 'next', id: '1', payload: { errors: [{ message: 'No job x', extensions: { code: 'NOT_FOUND' } }] } });
    expect(first.seen.errors.map((e) => [e.code, e.message])).toEqual([['NOT_FOUND', 'No job x']]);

    const second = start();
    second.socket.open();
    second.socket.receive({ type: 'connection_ack' });
    second.socket.receive({ type: 'error', id: '1', payload: [{ message: 'too deep', extensions: { code: 'QUERY_TOO_COMPLEX' } }] });
    expect(second.seen.errors[0]?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('reports a dropped connection once, and a cancelled one not at all', () => {
    const dropped = start();
    dropped.socket.open();
    dropped.socket.drop(1006, 'gone');
    expect(dropped.seen.errors.map((e) => e.code)).toEqual(['NETWORK']);
    expect(dropped.seen.errors[0]?.message).toContain('1006');

    const cancelled = start();
    cancelled.stop();
    cancelled.socket.open(); // connected after the page had already stopped listening
    expect(cancelled.socket.closedWith).toBe(1000);
    expect(cancelled.socket.sent).toEqual([]);
    cancelled.socket.drop(1000);
    expect(cancelled.seen.errors).toEqual([]);

    const running = start();
    running.socket.open();
    running.socket.receive({ type: 'connection_ack' });
    running.stop();
    expect(running.socket.sent.at(-1)).toEqual({ id: '1', type: 'complete' });
  });

  it('connects to the page’s own host over ws or wss', () => {
    expect(socketUrl({ protocol: 'http:', host: 'h:3000' })).toBe('ws://h:3000/graphql');
    expect(socketUrl({ protocol: 'https:', host: 'h' })).toBe('wss://h/graphql');
  });
});

describe('describeError', () => {
  it('says in words what a code means and keeps the gateway’s message', () => {
    expect(describeError(new ApiError('UNAUTHENTICATED', 'Unknown key'))).toEqual({ code: 'UNAUTHENTICATED', title: expect.stringContaining('not accepted'), detail: 'Unknown key' });
    expect(describeError(new ApiError('GRAPHQL_VALIDATION_FAILED', 'Cannot query field "x" on type "Query".')).title).toContain('does not offer');
    expect(describeError(new Error('boom'))).toEqual({ code: 'CLIENT_ERROR', title: expect.any(String), detail: 'boom' });
  });
});
