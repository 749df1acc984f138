import './workers.js';
import 'graphiql/style.css';
import './ide.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { createRoot } from 'react-dom/client';
import { credentialFreeStorage, forgetPersistedGraphiQL } from './ide-storage.js';
import { headersWith, SignInIcon, SignInPanel } from './sign-in.js';
import { storedToken } from '../shared/session.js';

// Same origin for HTTP and WebSocket. The toolkit sends the headers editor's content as the
// graphql-ws connection_init payload, so `Authorization: Bearer …` authenticates subscriptions too.
const url = new URL('/graphql', location.href).toString();
const subscriptionUrl = url.replace(/^http/, 'ws');
const fetcher = createGraphiQLFetcher({ url, subscriptionUrl });

const signInPlugin = { title: 'Sign in', icon: SignInIcon, content: SignInPanel };

// Credentials live in the headers editor, in memory, and nowhere else (web/ide/ide-storage.ts):
// tabs and history are kept for this browser tab without headers or secrets, and whatever an
// older version of this page left in localStorage is removed.
forgetPersistedGraphiQL();
const storage = credentialFreeStorage();
// A session the map signed in with, in this same browser tab, is used (read, never written here).
const token = storedToken();

const defaultQuery = `# dmarc-analytics GraphQL IDE
# 1. Sign in: person icon, left
#    (or an API key in Headers)
# 2. Run: the ▶ button, Ctrl-Enter
# 3. Docs: the book icon, left

query FirstLook {
  me { kind email role }
  reportSummary(days: 30) { totalMessages dmarcPassRate }
  geoHeatmap(days: 30) { totalMessages countries { countryCode messages dmarcFailureRate } }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={[signInPlugin, HISTORY_PLUGIN]}
    visiblePlugin={token ? undefined : signInPlugin}
    defaultQuery={defaultQuery}
    initialHeaders={headersWith(token)}
    defaultEditorToolsVisibility="headers"
    shouldPersistHeaders={false}
    storage={storage}
  />,
);
