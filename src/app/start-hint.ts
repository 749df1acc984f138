import type { Config } from '../config/config.js';

/**
 * The one line a person starting the server in development reads: where to click and how to get
 * credentials. Production logs stay free of it (operators have the README and their own accounts).
 */
export function startHint(url: string, config: Config): string | undefined {
  if (config.isProduction) return undefined;
  const ide = config.graphql.ide ? `, GraphQL IDE ${url}/graphql` : '';
  return (
    `open the map ${url}/map${ide}. ` +
    'Credentials: `npx dmarc-analytics demo` loads sample data and prints an admin login; ' +
    'or `npx dmarc-analytics create-user --email you@example.com --role admin`'
  );
}
