import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The folder direction (resolvers/, jobs/ → src/ → entities/) is checked by `npm run lint`
 * (eslint.config.js, rule layers/import-direction). These cases show the rule refuses an upward
 * import and lets the allowed ones through, so a broken rule cannot pass for a clean tree.
 */
describe('import direction (eslint layers/import-direction)', () => {
  const eslint = new ESLint();
  const problems = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/import-direction').map((m) => m.message);
  };

  it('refuses entities importing the application', async () => {
    expect(await problems('entities/example.entity.ts', "import { x } from '../src/config/config.js';")).toEqual([
      expect.stringContaining('entities/ is the plain data model'),
    ]);
    expect(await problems('entities/example.entity.ts', "import { x } from '../jobs/index.js';")).toHaveLength(1);
  });

  it('refuses src importing resolvers or jobs, except the schema builder and the composition root', async () => {
    expect(await problems('src/alerts/example.ts', "import { x } from '../../resolvers/index.js';")).toEqual([expect.stringContaining('only the schema builder')]);
    expect(await problems('src/webhooks/example.ts', "import { x } from '../../jobs/deliver-webhooks.js';")).toEqual([expect.stringContaining('only the composition root')]);
    expect(await problems('src/graphql/schema.ts', "import { x } from '../../resolvers/index.js';")).toEqual([]);
    expect(await problems('src/app/composition-root.ts', "import { x } from '../../jobs/index.js';")).toEqual([]);
  });

  it('refuses a concern reaching up to the composition root; transports and entry points may', async () => {
    expect(await problems('src/alerts/example.ts', "import { x } from '../app/services.js';")).toEqual([expect.stringContaining('built by the composition root')]);
    expect(await problems('src/http/example.ts', "import { x } from '../app/services.js';")).toEqual([]);
  });

  it('lets resolvers and jobs use src and entities, but not each other', async () => {
    expect(await problems('resolvers/example.resolver.ts', "import { x } from '../src/alerts/index.js';\nimport { y } from '../entities/roles.js';\nexport const z = y;")).toEqual([]);
    expect(await problems('resolvers/example.resolver.ts', "import { x } from '../jobs/index.js';")).toHaveLength(1);
    expect(await problems('jobs/example.ts', "import { x } from '../resolvers/index.js';")).toHaveLength(1);
  });

  it('tells a folder of src named like a top-level one from the top-level one', async () => {
    expect(await problems('src/cli/main.ts', "import { x } from './commands/jobs.js';")).toEqual([]);
  });
});
