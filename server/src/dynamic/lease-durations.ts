import { ApiError } from '../http/api-error.js';
import { parseDuration } from '../shared/durations.js';

/** Engine defaults when the create body leaves them out (Vault's database engine has the same shape). */
export const ENGINE_DEFAULT_TTL = '1h';
export const ENGINE_MAX_TTL = '24h';
/** A lease shorter than a second could expire before its response arrives. */
const MIN_TTL_MS = 1_000;

/** A duration field of an engine, role or lease request: `invalid_duration` unless at least 1s. */
export function leaseDuration(text: unknown, field: string): number {
  const ms = parseDuration(text, field);
  if (ms < MIN_TTL_MS) throw new ApiError(400, 'invalid_duration', `${field} must be at least 1s`, { field, value: text });
  return ms;
}

/** Milliseconds as the API writes durations: `1h30m`, `45s`; whole seconds. */
export function formatDuration(ms: number): string {
  let seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds === 0) return '0s';
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (seconds >= size) {
      out += `${Math.floor(seconds / size)}${unit}`;
      seconds %= size;
    }
  }
  return out;
}
