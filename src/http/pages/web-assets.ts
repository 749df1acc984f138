import { join } from 'node:path';
import { projectRoot } from '../../paths.js';

/** Where `npm run build` puts the bundled browser pages (scripts/build-web.ts). */
export const webAssetsDir = join(projectRoot, 'dist', 'web');
