/** Prints docs/errors.md from the error registry (`npm run docs:errors` writes it). */
import { errorCodesMarkdown } from '../src/errors/error-codes-doc.js';

process.stdout.write(errorCodesMarkdown());
