import type { Token } from '@scaivault/core';

/** Tells a long-running command that the user asked it to stop (Ctrl-C, `kill`, a supervisor). */
export interface StopSignals {
  /** A signal that aborts on the first SIGINT or SIGTERM from now on; `release()` stops listening. */
  listen(): { signal: AbortSignal; release(): void };
}

export const StopSignalsToken = Symbol.for('scaivault.subscriptions.StopSignals') as Token<StopSignals>;

/**
 * The process's SIGINT and SIGTERM. Listening replaces Node's default (exit at once) for the
 * first signal only, so the command can acknowledge what it printed and exit 0; a second
 * signal finds no listener and ends the process as usual.
 */
export const processStopSignals: StopSignals = {
  listen() {
    const controller = new AbortController();
    const release = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    const onSignal = (name: NodeJS.Signals): void => {
      release();
      controller.abort(name);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return { signal: controller.signal, release };
  },
};
