import { ApiError } from '../http/api-error.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses the API's duration strings (`90d`, `48h`, `15m`, also compound `1h30m`) into
 * milliseconds; anything else is `400 invalid_duration`, as documented.
 */
export function parseDuration(text: unknown, field: string): number {
  if (typeof text !== 'string' || !/^(\d+[smhdw])+$/.test(text)) {
    throw new ApiError(400, 'invalid_duration', `'${String(text)}' is not a duration (e.g. 90d, 48h, 15m)`, { field, value: text });
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhdw])/g)) total += Number(amount) * UNIT_MS[unit!]!;
  if (total <= 0 || !Number.isSafeInteger(total)) {
    throw new ApiError(400, 'invalid_duration', `'${text}' must be a positive duration`, { field, value: text });
  }
  return total;
}

/** `"7d,1d"` (or the array form `["7d","1d"]`) → durations in milliseconds, largest first. */
export function parseDurationList(value: unknown, field: string): { text: string; ms: number[] } {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
  const cleaned = parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
  const ms = cleaned.map((part) => parseDuration(part, field)).sort((a, b) => b - a);
  return { text: cleaned.join(','), ms };
}
