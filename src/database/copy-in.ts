import type { Submittable } from 'pg';

/** The parts of node-postgres' (JavaScript) wire connection a COPY FROM STDIN speaks to. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY ... FROM STDIN` of data already in memory, as a node-postgres submittable: pass it to
 * `client.query(...)` and await `done`, which gives the number of rows copied. This is the
 * protocol pg-copy-streams implements as a stream; callers here always hold one bounded batch, so
 * the batch goes out as a single CopyData message and no stream machinery is needed.
 *
 * The data follows the statement at once instead of after the server's CopyInResponse: no round
 * trip, and no wait for this process's event loop (busy parsing the next batch) to see the
 * response. PostgreSQL reads it once in COPY mode; if the statement fails before that, it ignores
 * CopyData and CopyDone outside COPY mode, as the protocol specifies for this case.
 *
 * node-postgres calls the `handle*` methods as the server answers: CommandComplete ("COPY n"),
 * ReadyForQuery. An error settles `done` at once, as node-postgres' own queries do; the client
 * keeps later queries (ROLLBACK) waiting until the server is ready for them.
 */
export class CopyIn implements Submittable {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: Error) => void;
  private rows = 0;
  private failed = false;

  constructor(
    private readonly sql: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise<number>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: unknown): void {
    const copy = connection as CopyConnection;
    copy.query(this.sql);
    if (this.data.length > 0) copy.sendCopyFromChunk(this.data);
    copy.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/^COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleError(error: Error): void {
    this.failed = true;
    this.reject(error);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.resolve(this.rows);
  }

  // Sent already (see above). The others are messages a COPY FROM never gets; node-postgres may call them on any active query.
  handleCopyInResponse(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}
