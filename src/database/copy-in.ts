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
 * node-postgres calls the `handle*` methods as the server answers: CopyInResponse (send the data,
 * then CopyDone), CommandComplete ("COPY n"), ReadyForQuery. An error settles `done` at once, as
 * node-postgres' own queries do; the client keeps later queries (ROLLBACK) waiting for the server.
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
    (connection as CopyConnection).query(this.sql);
  }

  handleCopyInResponse(connection: unknown): void {
    const copy = connection as CopyConnection;
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

  // Messages a COPY FROM never gets; node-postgres calls them on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}
