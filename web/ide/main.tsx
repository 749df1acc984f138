import './workers.js';
import 'graphiql/style.css';
import './ide.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { createRoot } from 'react-dom/client';
import { headersWith, SignInIcon, SignInPanel } from './sign-in.js';
import { storedToken } from '../shared/session.js';

// Same origin for HTTP and WebSocket. The toolkit sends the headers editor's content as the
// graphql-ws connection_init payload, so `Authorization: Bearer …` authenticates subscriptions too.
const url = new URL('/graphql', location.href).toString();
const subscriptionUrl = url.replace(/^http/, 'ws');
const fetcher = createGraphiQLFetcher({ url, subscriptionUrl });

const signInPlugin = { title: 'Sign in', icon: SignInIcon, content: SignInPanel };

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
    visiblePlugin={storedToken() ? undefined : signInPlugin}
    defaultQuery={defaultQuery}
    initialHeaders={headersWith(storedToken())}
    defaultEditorToolsVisibility="headers"
    shouldPersistHeaders={false}
  />,
);
