/**
 * Writes docs/errors.md and the exit code list of README.md from the error registry
 * (`npm run docs:errors`; test/errors/error-codes.test.ts fails while either is stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCodesMarkdown, readmeWithExitCodes } from '../src/errors/error-codes-doc.js';
import { projectRoot } from '../src/paths.js';

writeFileSync(join(projectRoot, 'docs', 'errors.md'), errorCodesMarkdown());
const readme = join(projectRoot, 'README.md');
writeFileSync(readme, readmeWithExitCodes(readFileSync(readme, 'utf8')));
