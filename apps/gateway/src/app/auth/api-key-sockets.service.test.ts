import { Logger } from '@nestjs/common';
import { loadConfig } from '@pmed/core';
import type { ApiKeyVerifier } from '../runtime/runtime.tokens';
import { ApiKeySocketsService, KEY_REVOKED_CLOSE_CODE, type KeySocket } from './api-key-sockets.service';

function fakeSocket(keyId: string, operations = 0): KeySocket & { closedWith: [number, string] | null } {
  const socket = {
    keyId,
    key: `key-of-${keyId}`,
    closedWith: null as [number, string] | null,
    openOperations: () => operations,
    close(code: number, reason: string) {
      socket.closedWith = [code, reason];
    },
  };
  return socket;
}

describe('ApiKeySocketsService', () => {
  const valid = new Set(['a', 'b']);
  let failing = false;
  const verifier: ApiKeyVerifier = {
    verify: async (key) => {
      if (failing) throw new Error('database unavailable');
      const id = key.replace('key-of-', '');
      return valid.has(id) ? { id, name: id, role: 'researcher' } : null;
    },
    revoke: async () => {
      throw new Error('not used');
    },
  };
  const config = loadConfig({ PMED_SOCKET_KEY_CHECK_MS: '60000' });
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  afterAll(() => jest.restoreAllMocks());

  it('closes the sockets of keys that no longer verify with 4403, and keeps the others and those it could not check', async () => {
    const service = new ApiKeySocketsService(verifier, config);
    const a1 = fakeSocket('a', 2);
    const a2 = fakeSocket('a', 1);
    const c = fakeSocket('c');
    [a1, a2, c].forEach((socket) => service.add(socket));
    expect(service.openOperations('a')).toBe(3);
    expect(service.openOperations('a', a1)).toBe(1);

    failing = true;
    await service.check();
    expect(c.closedWith).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/database unavailable/));
    failing = false;
    await service.check();
    expect(c.closedWith?.[0]).toBe(KEY_REVOKED_CLOSE_CODE);
    expect(service.openSockets('c')).toBe(0);
    expect(a1.closedWith).toBeNull();

    expect(service.closeKey('a')).toBe(2);
    expect(a2.closedWith?.[0]).toBe(KEY_REVOKED_CLOSE_CODE);
    expect(service.closeKey('a')).toBe(0);
    service.onModuleDestroy();
  });

  it('checks on a timer only while sockets are open, and never after shutdown', async () => {
    jest.useFakeTimers();
    try {
      const service = new ApiKeySocketsService(verifier, loadConfig({ PMED_SOCKET_KEY_CHECK_MS: '100' }));
      const check = jest.spyOn(service, 'check');
      const socket = fakeSocket('b');
      service.add(socket);
      await jest.advanceTimersByTimeAsync(250);
      expect(check).toHaveBeenCalledTimes(2);
      service.remove(socket);
      await jest.advanceTimersByTimeAsync(500);
      expect(check).toHaveBeenCalledTimes(2);

      service.add(socket);
      service.onModuleDestroy();
      service.add(fakeSocket('a'));
      await jest.advanceTimersByTimeAsync(500);
      expect(check).toHaveBeenCalledTimes(2);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
