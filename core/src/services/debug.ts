import type { Env } from '../config/config-store.js';

/** `SCAIVAULT_DEBUG=1` (or `true`): trace HTTP on stderr and show stack traces. */
export function isDebug(env: Env): boolean {
  return env.SCAIVAULT_DEBUG === '1' || env.SCAIVAULT_DEBUG === 'true';
}
