import type { ExecutionResult } from 'graphql';
import type { SubscriptionSink } from './subscription-sink.js';

/** Results a subscriber without a sink may have waiting before it is dropped as too slow. */
const MAX_QUEUED = 256;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One subscriber of a group: what graphql-ws iterates. With a sink the hub writes results straight
 * to the connection and this stream only waits for its end (the client's `complete`, or the
 * socket's close), so an idle subscription is one small object and one pending promise.
 */
export class SubscriberStream implements AsyncGenerator<ExecutionResult, undefined, unknown> {
  #queue: ExecutionResult[] | undefined;
  #waiting: ((result: IteratorResult<ExecutionResult, undefined>) => void) | undefined;
  #done = false;

  constructor(
    readonly sink: SubscriptionSink | undefined,
    private readonly leave: (stream: SubscriberStream) => void,
  ) {}

  get done(): boolean {
    return this.#done;
  }

  /** For subscribers with a sink: the JSON text of the result. False when it was not sent (the subscriber has gone). */
  sendJson(json: string): boolean {
    if (this.#done || !this.sink?.isOpen()) return false;
    return this.sink.send(json);
  }

  /** For subscribers without a sink: the result object. False when it was dropped (ended, or too slow and ended now). */
  push(result: ExecutionResult): boolean {
    if (this.#done) return false;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = undefined;
      resolve({ done: false, value: result });
      return true;
    }
    this.#queue ??= [];
    if (this.#queue.length >= MAX_QUEUED) {
      this.#end();
      return false;
    }
    this.#queue.push(result);
    return true;
  }

  next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const queued = this.#queue?.shift();
    if (queued) return Promise.resolve({ done: false, value: queued });
    if (this.#done) return Promise.resolve(DONE);
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.#end();
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.#end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#end();
  }

  #end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#queue = undefined;
    this.leave(this);
    const resolve = this.#waiting;
    this.#waiting = undefined;
    resolve?.(DONE);
  }
}
