import { useState, type FormEvent } from 'react';
import { gqlRequest } from '../api/graphql';
import { ErrorMessage } from '../components/status';
import { useSession } from '../session';

/** Checks the key against the `system` query before keeping it. */
export function LoginPage() {
  const { logIn } = useSession();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError(new Error('Enter an API key: `pmed apikey create --role clinician` makes one, and a first demo start prints one.'));
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await gqlRequest('{ system { version } }', undefined, { key: trimmed });
      logIn(trimmed);
    } catch (cause) {
      setError(cause);
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className="login">
      <h1>Log in</h1>
      <p>The portal talks to the platform’s GraphQL API with your API key. The key is kept in this browser tab only.</p>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} aria-describedby="api-key-help" />
        <p id="api-key-help" className="help">
          Starts with <code>pmed_</code>.
        </p>
        <button type="submit" disabled={checking}>
          {checking ? 'Checking…' : 'Log in'}
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}
