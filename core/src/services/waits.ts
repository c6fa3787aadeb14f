import type { Writable } from 'node:stream';
import type { Clock, ProcessSignals } from '../di/tokens.js';
import { CliError, InterruptedError } from '../errors/cli-error.js';

/** A progress line on stderr. */
export interface Progress {
  /** Erases the line; safe to call more than once. */
  stop(): void;
}

export interface PollOptions<T> {
  /**
   * Fetches the current state; called first after `intervalMs` (the caller already holds the first).
   * `signal` aborts on Ctrl-C: pass it on to a long poll, so the interrupt need not wait for the answer.
   */
  get(signal: AbortSignal): Promise<T>;
  done(value: T): boolean;
  /** The pause between states; 0 for a `get` that waits on the server itself (a long poll). */
  intervalMs: number;
  /** Gives up after this long with `timedOut`'s error (a CliError `timeout` by default); without it, waits until done or interrupted. */
  timeoutMs?: number;
  /** The progress line for a state (on a terminal only; a line per change). */
  describe?(value: T): string;
  /** What Ctrl-C says: the work goes on elsewhere, so name how to check it. */
  interrupted(): string;
  timedOut?(value: T): CliError;
}

/**
 * The one way commands wait (rotation, ACME, exports, syncs, follows, `run --watch`): progress on a
 * terminal's stderr and nothing on a pipe, Ctrl-C as an AbortSignal (exit 130 unless the command
 * says otherwise), and polling on the invocation's clock, so tests drive it with a fake one. No
 * plugin installs a signal handler or draws a spinner of its own.
 */
export class Waits {
  constructor(
    private readonly stderr: Writable & { isTTY?: boolean },
    private readonly clock: Clock,
    private readonly signals: ProcessSignals,
  ) {}

  /**
   * A signal that aborts on the first SIGINT or SIGTERM from now on (Ctrl-C, `kill`, a supervisor);
   * `release()` stops listening. Listening replaces Node's default (exit at once) for that first
   * signal only, so the command can finish what it owes (acknowledge what it printed, say how to
   * check the order); a second signal finds no listener and ends the process as usual.
   */
  listen(): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    const stop = this.signals.listen(['SIGINT', 'SIGTERM'], (name) => {
      stop();
      controller.abort(name);
    });
    return { signal: controller.signal, release: stop };
  }

  /** A spinner with the label and the seconds waited, redrawn four times a second: on a terminal only. */
  progress(label: string): Progress {
    if (!this.stderr.isTTY) return { stop: () => {} };
    const stream = this.stderr;
    const clock = this.clock;
    const started = clock.now();
    const controller = new AbortController();
    let frame = 0;
    const draw = () => {
      const seconds = Math.floor((clock.now() - started) / 1000);
      stream.write(`\r\u001b[2K${SPINNER[frame++ % SPINNER.length]} ${label} ${seconds}s`);
    };
    draw();
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          await clock.sleep(SPINNER_TICK_MS, controller.signal);
        } catch {
          return;
        }
        if (!controller.signal.aborted) draw();
      }
    })();
    return {
      stop: () => {
        if (controller.signal.aborted) return;
        controller.abort();
        stream.write('\r\u001b[2K');
      },
    };
  }

  /**
   * Polls from `first` until `done`: on a terminal one line per change of `describe` with the seconds
   * waited; Ctrl-C ends the waiting (not the work) with an InterruptedError saying `interrupted()`.
   */
  async poll<T>(first: T, options: PollOptions<T>): Promise<T> {
    const started = this.clock.now();
    const tty = Boolean(this.stderr.isTTY);
    const stop = this.listen();
    try {
      let current = first;
      let shown: string | undefined;
      for (;;) {
        const line = options.describe?.(current);
        if (tty && line !== undefined && line !== shown)
          this.stderr.write(`${line}, ${Math.round((this.clock.now() - started) / 1000)} s\n`);
        shown = line;
        if (options.done(current)) return current;
        if (options.timeoutMs !== undefined && this.clock.now() - started >= options.timeoutMs)
          throw options.timedOut?.(current) ?? new CliError('gave up waiting', { code: 'timeout' });
        try {
          // No pause before a long poll (intervalMs 0): the server does the waiting.
          if (options.intervalMs > 0) await this.clock.sleep(options.intervalMs, stop.signal);
          current = await options.get(stop.signal);
        } catch (error) {
          if (stop.signal.aborted) throw new InterruptedError(options.interrupted());
          throw error;
        }
      }
    } finally {
      stop.release();
    }
  }
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SPINNER_TICK_MS = 250;
