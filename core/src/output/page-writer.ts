import type { Writable } from 'node:stream';

/**
 * Writes page by page, waiting for stdout to drain when its buffer is full. A reader that goes
 * away (`| head` closing the pipe: EPIPE) ends the listing quietly: nothing more is fetched.
 */
export class PageWriter {
  private failure: Error | undefined;
  private readonly onError = (error: Error) => {
    this.failure = error;
  };

  constructor(private readonly stream: Writable) {
    stream.on('error', this.onError);
    absorbBrokenPipe(stream);
  }

  get gone(): boolean {
    return this.stream.destroyed || this.failure !== undefined;
  }

  /** Resolves to false once the reader is gone; other write failures are thrown. */
  async write(text: string): Promise<boolean> {
    this.check();
    if (this.gone) return false;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done).off('close', done).off('error', done);
          resolve();
        };
        this.stream.once('drain', done).once('close', done).once('error', done);
      });
    }
    this.check();
    return !this.gone;
  }

  release(): void {
    this.stream.off('error', this.onError);
  }

  private check(): void {
    const code = (this.failure as NodeJS.ErrnoException | undefined)?.code;
    if (this.failure && code !== 'EPIPE' && code !== 'ERR_STREAM_DESTROYED') throw this.failure;
  }
}

const absorbing = new WeakSet<Writable>();

/**
 * A reader that closes the pipe once the list is printed (`| head`) must not turn a later write
 * (a summary line, the last bytes of the envelope) into a crash: EPIPE is ignored from then on.
 * Any other stdout error is thrown as Node would, unless someone else handles it.
 */
function absorbBrokenPipe(stream: Writable): void {
  if (absorbing.has(stream)) return;
  absorbing.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // Thrown only when nothing else listens, as an unhandled 'error' event would be.
    if (error.code !== 'EPIPE' && stream.listenerCount('error') === 1) throw error;
  });
}
