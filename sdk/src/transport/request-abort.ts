import { EventEmitter } from 'node:events';

/**
 * What aborts one exchange (its timer, or the caller's signal). An EventEmitter, which undici takes
 * as a request's signal: making an AbortController for every request was the largest single share of
 * a read's client CPU after the socket itself.
 */
export class RequestAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** An AbortSignal that follows this one, for a client that takes nothing else (node:http). */
  toSignal(): AbortSignal {
    const controller = new AbortController();
    if (this.aborted) controller.abort(this.reason);
    else this.once('abort', () => controller.abort(this.reason));
    return controller.signal;
  }
}
