import type { Storage } from '@graphiql/toolkit';
import { withoutSecrets } from './redact-secrets.js';

/**
 * What GraphiQL may keep, and where. GraphiQL 5 writes through its `storage` prop (keys prefixed
 * `graphiql:`): the tabs (`tabState`), the history plugin's `queries` and `favorites`, the editors'
 * `query`, `variables` and `headers`, and layout (theme, panel sizes). By default that is
 * localStorage, and `shouldPersistHeaders={false}` does not stop the history plugin from writing
 * each run's headers (`Authorization: Bearer …`, `X-API-Key`) there, nor the variables editor a
 * password typed for `login`.
 *
 * This storage keeps the tabs and the history for the browser tab only (sessionStorage: they
 * survive a reload and go when the tab closes), and never a credential in them:
 * - headers are never written, in any key;
 * - the editors' own `query` and `variables` keys are not written (each tab holds its own);
 * - tabs and history entries go through withoutSecrets: a password or secret, literal or in the
 *   variables, is left out; an entry whose text cannot be read safely is dropped;
 * - anything that cannot be read as what its key should hold is not written.
 * Layout keys are kept as they are.
 */
const NAMESPACE = 'graphiql:';
const NEVER_KEPT: ReadonlySet<string> = new Set(['headers', 'query', 'variables']);

interface TabLike {
  query: string | null;
  variables: string | null;
  headers: string | null;
  response?: string | null;
}

interface HistoryItem {
  query?: string;
  variables?: string;
  headers?: string;
}

export function credentialFreeStorage(backing: globalThis.Storage = sessionStorage): Storage {
  const ownKeys = () => Array.from({ length: backing.length }, (_, i) => backing.key(i)).filter((key): key is string => key?.startsWith(NAMESPACE) ?? false);
  return {
    getItem: (key) => backing.getItem(key),
    setItem(key, value) {
      const kept = keepable(key.startsWith(NAMESPACE) ? key.slice(NAMESPACE.length) : key, value);
      if (kept === null) backing.removeItem(key);
      else backing.setItem(key, kept);
    },
    removeItem: (key) => backing.removeItem(key),
    clear: () => ownKeys().forEach((key) => backing.removeItem(key)),
    get length() {
      return ownKeys().length;
    },
  };
}

/**
 * Removes what earlier versions of this page let GraphiQL write to localStorage (history with
 * headers, a typed password): an upgrade must not leave credentials behind.
 */
export function forgetPersistedGraphiQL(storage: globalThis.Storage = localStorage): void {
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((key): key is string => key?.startsWith(NAMESPACE) ?? false);
  for (const key of keys) storage.removeItem(key);
}

/** The value as it may be kept under `name`, or null when nothing of it may. */
function keepable(name: string, value: string): string | null {
  if (NEVER_KEPT.has(name)) return null;
  if (name === 'tabState') return rewrite(value, (state: { tabs?: TabLike[] }) => ({ ...state, tabs: (state.tabs ?? []).map(safeTab) }));
  if (name === 'queries' || name === 'favorites') {
    return rewrite(value, (stored: Record<string, HistoryItem[] | undefined>) => ({ [name]: (stored[name] ?? []).flatMap(safeHistoryItem) }));
  }
  return value;
}

function rewrite<T>(value: string, change: (parsed: T) => unknown): string | null {
  try {
    return JSON.stringify(change(JSON.parse(value) as T));
  } catch {
    return null;
  }
}

function safeTab(tab: TabLike): TabLike {
  const { query, variables } = withoutSecrets({ query: tab.query, variables: tab.variables });
  return { ...tab, query, variables, headers: null, response: null };
}

function safeHistoryItem({ headers: _headers, query: rawQuery, variables: rawVariables, ...rest }: HistoryItem): HistoryItem[] {
  const { query, variables } = withoutSecrets({ query: rawQuery ?? null, variables: rawVariables ?? null });
  if (query === null) return [];
  return [{ ...rest, query, ...(variables === null ? {} : { variables }) }];
}
