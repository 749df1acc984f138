/** What the ingest command needs from a progress display. */
export interface Progress {
  update(done: number, records: number): void;
  stop(): void;
}

const WIDTH = 30;

/**
 * A one-line progress bar on a terminal's stderr, redrawn at most ten times a second. On
 * anything but a TTY (pipes, CI logs) it draws nothing: the summary at the end says it all.
 */
export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total === 0) return { update() {}, stop() {} };
  let lastDraw = 0;
  const started = Date.now();
  const draw = (done: number, records: number) => {
    const filled = Math.round((done / total) * WIDTH);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(records / seconds) : 0;
    stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} files, ${records} records (${rate}/s)`);
  };
  return {
    update(done, records) {
      const now = Date.now();
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      draw(done, records);
    },
    stop() {
      stream.write('\n');
    },
  };
}
