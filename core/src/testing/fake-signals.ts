import type { ProcessSignals } from '../di/tokens.js';

/** Signals a test sends by hand (`send('SIGTERM')`) to a command under `runCli`, without signalling the test process. */
export class FakeSignals implements ProcessSignals {
  private readonly listeners = new Set<{ names: readonly NodeJS.Signals[]; onSignal: (name: NodeJS.Signals) => void }>();

  listen(names: readonly NodeJS.Signals[], onSignal: (name: NodeJS.Signals) => void): () => void {
    const listener = { names, onSignal };
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Whether anything listens for `name` now. */
  listening(name: NodeJS.Signals): boolean {
    return [...this.listeners].some((listener) => listener.names.includes(name));
  }

  send(name: NodeJS.Signals): void {
    for (const listener of [...this.listeners]) if (listener.names.includes(name)) listener.onSignal(name);
  }
}
