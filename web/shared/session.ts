/**
 * Signing in from a page. Both pages call the same `login` mutation. The map keeps its session
 * token in this tab's sessionStorage (`rememberToken`: gone when the tab closes), so a reload keeps
 * it signed in; the IDE keeps credentials in memory only (its headers editor) and stores none.
 * Never in a URL or in localStorage.
 */
const KEY = 'dmarc-analytics.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function rememberToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

const LOGIN = `mutation SignIn($email: String!, $password: String!) {
  login(email: $email, password: $password) { token expiresAt user { email role } }
}`;

interface LoginResult {
  data?: { login: { token: string; expiresAt: string; user: { email: string; role: string } } } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Calls the login mutation; resolves with the token (kept nowhere: the caller decides) or rejects with the server's message. */
export async function signIn(email: string, password: string): Promise<{ token: string; email: string; role: string }> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
  });
  const body = (await response.json()) as LoginResult;
  const login = body.data?.login;
  if (!login) throw new Error(body.errors?.[0]?.message ?? `sign-in failed (HTTP ${response.status})`);
  return { token: login.token, email: login.user.email, role: login.user.role };
}
