import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which way the folders depend on each other (README, "How the pieces fit"). Arrows point down:
 *   resolvers/, jobs/  →  src/  →  entities/
 * Each rule: files under `from` may not import files under any of `to`, unless the importing file
 * is under one of `except`. Paths are resolved, so `../../jobs/index.js` and a folder of the same
 * name inside src/ are told apart.
 */
export const IMPORT_DIRECTION = [
  { from: 'entities/', to: ['src/', 'resolvers/', 'jobs/', 'migrations/'], why: 'entities/ is the plain data model: it imports nothing of the application' },
  { from: 'src/', to: ['resolvers/'], except: ['src/graphql/schema.ts'], why: 'only the schema builder (src/graphql/schema.ts) lists the resolvers; services never call them' },
  { from: 'src/', to: ['jobs/'], except: ['src/app/composition-root.ts'], why: 'only the composition root (src/app/composition-root.ts) lists the jobs; services never call them' },
  { from: 'resolvers/', to: ['jobs/'], why: 'resolvers call services, never jobs' },
  { from: 'jobs/', to: ['resolvers/'], why: 'jobs call services, never resolvers' },
  {
    from: 'src/',
    to: ['src/app/'],
    except: ['src/app/', 'src/cli/', 'src/http/', 'src/graphql/', 'src/demo/'],
    why: 'concerns are built by the composition root (src/app/) and hear each other through events; only entry points and transports reach src/app/',
  },
];

const root = path.dirname(new URL(import.meta.url).pathname);

const importDirection = {
  meta: { type: 'problem', schema: [], messages: { upward: 'import of {{target}}: {{why}}' } },
  create(context) {
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const rules = IMPORT_DIRECTION.filter((rule) => file.startsWith(rule.from) && !(rule.except ?? []).some((allowed) => file.startsWith(allowed)));
    if (rules.length === 0) return {};
    const check = (source) => {
      if (typeof source?.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), source.value)).split(path.sep).join('/');
      const rule = rules.find((r) => r.to.some((folder) => target.startsWith(folder)));
      if (rule) context.report({ node: source, messageId: 'upward', data: { target, why: rule.why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tools/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { layers: { rules: { 'import-direction': importDirection } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off', // type-graphql's resolver list is Function[]
      'no-console': 'error',
      'layers/import-direction': 'error',
    },
  },
  {
    // Command-line entry points and scripts talk to the terminal directly.
    files: ['bin/**', 'scripts/**', 'bench/**', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
