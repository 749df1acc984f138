#!/usr/bin/env node
// Entry point of the `dmarc-analytics` command. The code itself is compiled to dist/ by
// `npm install` (the prepare script) and `npm run build`.
import { existsSync } from 'node:fs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `dmarc-analytics needs Node.js 24 or newer (this is ${process.version}). ` +
      'Run it through npm (npm start, npx dmarc-analytics), which uses the Node 24 installed in node_modules.',
  );
  process.exit(1);
}

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('dmarc-analytics is not built yet: run `npm install` or `npm run build` first.');
  process.exit(1);
}
await import(entry.href);
