// The API key lives in sessionStorage: it survives a reload but not the closing of the tab.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

const STORAGE_KEY = 'pmed.apiKey';

export interface Session {
  key: string | null;
  logIn(key: string): void;
  logOut(): void;
}

const SessionContext = createContext<Session | null>(null);

function readStoredKey(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked by the browser's settings: log in per page load
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [key, setKey] = useState<string | null>(readStoredKey);
  const logIn = useCallback((next: string) => {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, next);
    } catch {
      // kept in memory only
    }
    setKey(next);
  }, []);
  const logOut = useCallback(() => {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
    setKey(null);
  }, []);
  const value = useMemo(() => ({ key, logIn, logOut }), [key, logIn, logOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
