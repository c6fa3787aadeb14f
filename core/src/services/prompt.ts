import type { Readable, Writable } from 'node:stream';

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
      const answer = await rl.question(`${question} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
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
      return (await rl.question('')).trim();
    } finally {
      rl.close();
      this.stderr.write('\n');
    }
  }
}
