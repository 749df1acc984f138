import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files named on the command line, directories walked recursively, in a stable order.
 * A path that cannot be read is kept: ingesting it reports why, next to the other rejections.
 */
export async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    files.push(...entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort());
  }
  return files;
}
