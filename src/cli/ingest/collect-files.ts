import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { looksLikeMbox } from './mbox-reader.js';

/** One thing `ingest` reads: a file (XML, gzip, zip, e-mail; a Maildir message is one) or an mbox of messages. */
export type IngestInput = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'mbox'; readonly path: string };

/**
 * The files named on the command line, directories walked recursively, in a stable order.
 * A path that cannot be read is kept: ingesting it reports why, next to the other rejections.
 */
async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const directories = new Set(entries.filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name)));
    const isMaildir = (dir: string) => ['cur', 'new', 'tmp'].every((sub) => directories.has(join(dir, sub)));
    files.push(
      ...entries
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .filter((file) => !isMaildirNoise(file, isMaildir))
        .sort(),
    );
  }
  return files;
}

/**
 * In a Maildir (a folder with cur/, new/ and tmp/), each file of cur/ and new/ is one message;
 * tmp/ holds deliveries not finished yet, and files beside cur/ are the server's indexes.
 */
function isMaildirNoise(file: string, isMaildir: (dir: string) => boolean): boolean {
  const parent = dirname(file);
  if (isMaildir(parent)) return true;
  return basename(parent) === 'tmp' && isMaildir(dirname(parent));
}

/** The inputs of `ingest`: files as collectFiles finds them, each mbox file recognized by its first bytes. */
export async function collectInputs(paths: readonly string[]): Promise<IngestInput[]> {
  const inputs: IngestInput[] = [];
  for (const path of await collectFiles(paths)) inputs.push({ kind: (await looksLikeMbox(path)) ? 'mbox' : 'file', path });
  return inputs;
}
