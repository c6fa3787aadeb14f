import type { ProcessSignals } from '../di/tokens.js';

/**
 * The process's own signals. A command that runs another program (`run`) listens here to pass
 * them on; while anyone listens, Node's default for that signal (exit at once) is off, so the
 * command decides when to stop. Releasing the last listener restores the default.
 */
export const processSignals: ProcessSignals = {
  listen(names, onSignal) {
    const handler = (name: NodeJS.Signals): void => onSignal(name);
    for (const name of names) process.on(name, handler);
    return () => {
      for (const name of names) process.off(name, handler);
    };
  },
};
