import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { projectRoot } from '../src/paths.js';
import { webAssetsDir } from '../src/http/pages/web-assets.js';

/**
 * Bundles the browser pages (web/ide: GraphiQL; web/map: the live map; web/senders: the senders) into dist/web, so the
 * server serves them from its own origin and a page never loads anything from the internet.
 * Part of `npm run build`; the bundles are not committed.
 */
const web = join(projectRoot, 'web');
const common: BuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: ['chrome120', 'firefox120', 'safari17'],
  legalComments: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
};

const started = Date.now();
rmSync(webAssetsDir, { recursive: true, force: true });
mkdirSync(webAssetsDir, { recursive: true });
await Promise.all([
  // The IDE: GraphiQL and its three Monaco workers, each a file of its own (worker-src 'self').
  build({ ...common, entryPoints: { ide: join(web, 'ide', 'main.tsx') }, outdir: join(webAssetsDir, 'ide'), format: 'iife', jsx: 'automatic' }),
  build({
    ...common,
    entryPoints: {
      'editor.worker': require('monaco-editor/esm/vs/editor/editor.worker.js'),
      'json.worker': require('monaco-editor/esm/vs/language/json/json.worker.js'),
      'graphql.worker': require('monaco-graphql/esm/graphql.worker.js'),
    },
    outdir: join(webAssetsDir, 'ide'),
    format: 'iife',
  }),
  build({ ...common, entryPoints: { map: join(web, 'map', 'main.ts') }, outdir: join(webAssetsDir, 'map'), format: 'iife' }),
  build({ ...common, entryPoints: { senders: join(web, 'senders', 'main.ts') }, outdir: join(webAssetsDir, 'senders'), format: 'iife' }),
]);
for (const page of ['ide', 'map', 'senders']) cpSync(join(web, page, 'index.html'), join(webAssetsDir, page, 'index.html'));
console.log(`web pages built into ${webAssetsDir} in ${Date.now() - started} ms`);

function require(specifier: string): string {
  return import.meta.resolve(specifier).replace(/^file:\/\//, '');
}
