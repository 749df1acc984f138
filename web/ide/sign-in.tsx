import { useGraphiQL } from '@graphiql/react';
import { useState, type FormEvent } from 'react';
import { forgetToken, signIn } from '../shared/session.js';

/** Puts the token into GraphiQL's headers editor, which HTTP requests and subscriptions both use. */
export function headersWith(token: string | null): string {
  return token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '{}';
}

/**
 * The IDE's sign-in plugin: e-mail and password in, a session token in the Authorization header
 * out, without writing the login mutation by hand. API keys go into the headers editor directly.
 * The token is kept in the headers editor only (memory): never in sessionStorage, localStorage or
 * GraphiQL's history (web/ide/ide-storage.ts).
 */
export function SignInPanel() {
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const [status, setStatus] = useState<string>('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      const session = await signIn(String(form.get('email')), String(form.get('password')));
      headerEditor?.setValue(headersWith(session.token));
      setStatus(`Signed in as ${session.email} (${session.role.toLowerCase()}). The token is in the Headers tab, in memory only: a reload signs you out.`);
    } catch (error) {
      setStatus((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  function signOut() {
    forgetToken();
    headerEditor?.setValue(headersWith(null));
    setStatus('Signed out.');
  }

  return (
    <div className="dmarc-sign-in">
      <div className="graphiql-doc-explorer-title">Sign in</div>
      <form onSubmit={submit}>
        <label>
          E-mail
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="graphiql-button" disabled={busy}>
          Sign in
        </button>
        <button type="button" className="graphiql-button" onClick={signOut}>
          Sign out
        </button>
      </form>
      <p role="status">{status}</p>
      <p className="dmarc-hint">
        No account yet? <code>npx dmarc-analytics demo</code> prints one, or{' '}
        <code>npx dmarc-analytics create-user --email you@example.com --role admin</code>. For an API key, put{' '}
        <code>{'{"X-API-Key": "…"}'}</code> in the Headers tab instead.
      </p>
    </div>
  );
}

export function SignInIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8" />
    </svg>
  );
}
