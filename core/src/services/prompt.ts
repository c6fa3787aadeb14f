import type { Interface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { InterruptedError } from '../errors/cli-error.js';

/** Questions asked on a terminal. Non-interactive runs must never block on one. */
export interface Prompt {
  readonly interactive: boolean;
  confirm(question: string): Promise<boolean>;
  /** Asks for a value without echoing it (tokens, secrets). */
  secret(question: string): Promise<string>;
}

export class TerminalPrompt implements Prompt {
  constructor(
    private readonly stdin: Readable & { isTTY?: boolean },
    private readonly stderr: Writable & { isTTY?: boolean },
  ) {}

  get interactive(): boolean {
    return Boolean(this.stdin.isTTY && this.stderr.isTTY);
  }

  async confirm(question: string): Promise<boolean> {
    if (!this.interactive) return false;
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: this.stdin, output: this.stderr });
    try {
      const answer = await interruptible(rl, rl.question(`${question} [y/N] `));
      return /^y(es)?$/i.test(answer.trim());
    } catch (error) {
      // End the prompt's line, so the error is not printed after the question.
      if (error instanceof InterruptedError) this.stderr.write('\n');
      throw error;
    } finally {
      rl.close();
    }
  }

  async secret(question: string): Promise<string> {
    const { createInterface } = await import('node:readline/promises');
    const { Writable } = await import('node:stream');
    this.stderr.write(question);
    // The terminal echo goes to a sink, so the typed value never appears on screen.
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = createInterface({ input: this.stdin, output: muted, terminal: true });
    try {
      return (await interruptible(rl, rl.question(''))).trim();
    } finally {
      rl.close();
      this.stderr.write('\n');
    }
  }
}

/**
 * A question that Ctrl-C ends with InterruptedError (exit 130). On a terminal readline reads the
 * keypress itself and, with no listener, would only pause the input: the question would never be
 * answered and the process would end with a misleading status.
 */
function interruptible<T>(rl: Interface, question: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    rl.once('SIGINT', () => reject(new InterruptedError()));
    question.then(resolve, reject);
  });
}
