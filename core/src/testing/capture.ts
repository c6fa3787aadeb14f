import { PassThrough, Readable, Writable } from 'node:stream';

/** A writable stream that keeps what was written, for asserting on stdout and stderr. */
export class CapturedStream extends Writable {
  private readonly chunks: Buffer[] = [];
  isTTY = false;
  /** A terminal's width, for a stream that plays one (`isTTY = true`). */
  columns: number | undefined;

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    done();
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** stdin for a test: the given text, then end of input. */
export function stdinFrom(text: string | undefined): Readable {
  if (text === undefined) {
    const empty = new PassThrough();
    empty.end();
    return empty;
  }
  return Readable.from([Buffer.from(text)]);
}
