import type { Writable } from 'node:stream';
import type { Clock } from '@scaivault/core';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK_MS = 250;

export interface Progress {
  /** Erases the progress line; safe to call more than once. */
  stop(): void;
}

/**
 * A spinner with the elapsed seconds on one stderr line, for a request that can take minutes.
 * Only on a terminal: when stderr is a file or a pipe nothing is written, so logs stay clean.
 */
export function startProgress(stream: Writable & { isTTY?: boolean }, clock: Clock, label: string): Progress {
  if (!stream.isTTY) return { stop: () => {} };
  const started = clock.now();
  const controller = new AbortController();
  let frame = 0;
  const draw = () => {
    const seconds = Math.floor((clock.now() - started) / 1000);
    stream.write(`\r\u001b[2K${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds}s`);
  };
  draw();
  void (async () => {
    while (!controller.signal.aborted) {
      try {
        await clock.sleep(TICK_MS, controller.signal);
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
