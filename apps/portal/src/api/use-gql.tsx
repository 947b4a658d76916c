// React hooks over gqlRequest: queries that load with the page, and actions started by a button.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../session';
import { ApiError, gqlRequest } from './graphql';

export interface QueryState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Runs `query` whenever its variables change; `variables: null` waits (nothing to ask yet). */
export function useQuery<T>(query: string, variables: Record<string, unknown> | null): QueryState<T> {
  const { key, logOut } = useSession();
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: variables !== null });
  const [generation, setGeneration] = useState(0);
  const varsJson = variables === null ? null : JSON.stringify(variables);

  useEffect(() => {
    if (varsJson === null || !key) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, error: null, loading: true }));
    gqlRequest<T>(query, JSON.parse(varsJson) as Record<string, unknown>, { key, signal: controller.signal }).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') logOut();
        setState({ data: null, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [query, varsJson, key, generation, logOut]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export interface ActionState<T> {
  data: T | null;
  error: unknown;
  running: boolean;
  run(variables: Record<string, unknown>): Promise<T | null>;
  reset(): void;
}

/** A mutation or on-demand query; the latest call wins when calls overlap. */
export function useAction<T>(query: string): ActionState<T> {
  const { key } = useSession();
  const [state, setState] = useState<{ data: T | null; error: unknown; running: boolean }>({ data: null, error: null, running: false });
  const latest = useRef(0);
  const run = useCallback(
    async (variables: Record<string, unknown>): Promise<T | null> => {
      const call = ++latest.current;
      setState((previous) => ({ data: previous.data, error: null, running: true }));
      try {
        const data = await gqlRequest<T>(query, variables, { key: key ?? '' });
        if (call === latest.current) setState({ data, error: null, running: false });
        return data;
      } catch (error) {
        if (call === latest.current) setState({ data: null, error, running: false });
        return null;
      }
    },
    [query, key],
  );
  const reset = useCallback(() => setState({ data: null, error: null, running: false }), []);
  return { ...state, run, reset };
}
