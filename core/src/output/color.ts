import type { Env } from '../config/config-store.js';

/**
 * Whether to colour what goes to one stream: decided per stream, so a table piped from stdout is
 * never bold because stderr happens to be a terminal. NO_COLOR (any value) turns colour off,
 * FORCE_COLOR=1 on.
 */
export function colorFor(env: Env, stream: unknown): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '1') return true;
  return Boolean((stream as { isTTY?: boolean } | undefined)?.isTTY);
}

/** The terminal's width when the stream is one; undefined for pipes and files. */
export function terminalColumns(stream: unknown): number | undefined {
  const tty = stream as { isTTY?: boolean; columns?: number } | undefined;
  return tty?.isTTY && typeof tty.columns === 'number' && tty.columns > 0 ? tty.columns : undefined;
}
