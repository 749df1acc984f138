import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../logging/logger.js';

export interface FileWatch {
  close(): void;
}

/**
 * Calls `onChange` once things settle after `path` is created, rewritten or replaced. The
 * directory is watched, not the file: geoipupdate replaces the file by renaming a new one over
 * it, and a watch on the file itself would keep following the old, unlinked inode.
 */
export function watchFileReplacement(path: string, onChange: () => void, options: { debounceMs: number; logger: Logger }): FileWatch {
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    // A rename-replace and an in-place rewrite both fire several events; reload once.
    timer = setTimeout(onChange, options.debounceMs).unref();
  };
  try {
    const watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
      // Some platforms do not report the name; a spurious reload is harmless.
      if (filename === null || filename === name) schedule();
    });
    watcher.on('error', (error) => options.logger.warn({ err: error, path }, 'watching the GeoIP database directory failed; reloads stop'));
    return {
      close: () => {
        clearTimeout(timer);
        watcher.close();
      },
    };
  } catch (error) {
    options.logger.warn({ err: error, path }, 'cannot watch the GeoIP database directory; the file will not be reloaded when replaced');
    return { close: () => undefined };
  }
}
