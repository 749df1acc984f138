import { createRequire } from 'node:module';

/**
 * graphql-shield 7.6.5 loaded through its CommonJS build. Its ES module build imports
 * `isUndefined` from 'util', which Node 23 removed, so `import 'graphql-shield'` fails to link on
 * Node 24. The CommonJS build reads the same function lazily and only calls it in `chain` and
 * `race`, which this project must not use (they would throw a TypeError).
 */
const require = createRequire(import.meta.url);
const graphqlShield = require('graphql-shield') as typeof import('graphql-shield');

export const { allow, deny, rule, shield } = graphqlShield;

/** graphql-shield exports no name for "a rule or a combination of rules". */
export type ShieldRule = Parameters<typeof graphqlShield.and>[number];
