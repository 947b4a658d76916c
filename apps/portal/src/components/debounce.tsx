// Waiting for typing to pause before asking the gateway: one request per pause, not per key.
import { useEffect, useMemo, useState } from 'react';

export interface Debounced<A extends unknown[]> {
  /** Schedules `fn(...args)` for `delayMs` from now, replacing any call still waiting. */
  call(...args: A): void;
  /** Drops the waiting call, if any. */
  cancel(): void;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, delayMs: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    call(...args: A) {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        fn(...args);
      }, delayMs);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** `value` once it has stayed the same for `delayMs`. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  const debounced = useMemo(() => debounce((next: T) => setSettled(() => next), delayMs), [delayMs]);
  useEffect(() => debounced.call(value), [value, debounced]);
  useEffect(() => () => debounced.cancel(), [debounced]);
  return settled;
}
