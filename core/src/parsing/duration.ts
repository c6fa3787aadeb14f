import { UsageError } from '../errors/cli-error.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

const PART = /([0-9]+)([smhdw])/g;
const WHOLE = /^(?:[0-9]+[smhdw])+$/;

/** What a duration looks like, for error hints and help texts. */
export const DURATION_FORMS = 'a number and a unit (s, m, h, d or w), or several combined: e.g. 30s, 90d, 1h30m';

/**
 * The one duration grammar of the CLI, the server's: whole numbers with a unit, alone or combined
 * (`30s`, `48h`, `1h30m`). The same everywhere, because many durations are sent to the server as
 * typed (`--expires-in`, `--interval`) and a form it refuses must be refused here first. Returns
 * milliseconds, or undefined when `value` is not a duration or is zero (unless `allowZero`).
 */
export function durationMs(value: string, options: { allowZero?: boolean } = {}): number | undefined {
  const text = value.trim();
  if (!WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  if (!Number.isSafeInteger(total) || (total === 0 && !options.allowZero)) return undefined;
  return total;
}

/** `durationMs` for a flag or setting: a bad duration is a usage error (exit 5) naming `name`. */
export function parseDurationMs(value: string, name: string, options: { allowZero?: boolean } = {}): number {
  const ms = durationMs(value, options);
  if (ms === undefined) throw new UsageError(`invalid duration for ${name}: ${JSON.stringify(value)}`, durationHint(value));
  return ms;
}

/**
 * Checks a duration as ScaiVault writes them (`90d`, `48h`, `30m`, `45s`, `2w`, `1h30m`) and returns
 * its length in seconds. A bad one is a usage error (exit 5) naming the flag.
 */
export function parseDuration(value: string, flag: string): number {
  return parseDurationMs(value, flag) / 1000;
}

/** A comma-separated list of durations, e.g. `--warn-before 7d,1d`. */
export function parseDurationList(value: string, flag: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  for (const item of items) parseDuration(item, flag);
  return items;
}

/** The fix for a rejected duration; a bare number and a negative one are the usual slips, so they get their own hints. */
export function durationHint(value: string): string {
  if (/^\s*-/.test(value)) return `a duration cannot be negative; use ${DURATION_FORMS}`;
  return /^\s*[0-9]+\s*$/.test(value) ? `a duration needs a unit, e.g. ${value.trim()}s; use ${DURATION_FORMS}` : `use ${DURATION_FORMS}`;
}
