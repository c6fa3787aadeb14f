import { UsageError } from '../errors/cli-error.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Checks a duration as ScaiVault writes them (`90d`, `48h`, `30m`, `45s`, `2w`) and returns its
 * length in seconds. A bad one is a usage error (exit 5) naming the flag.
 */
export function parseDuration(value: string, flag: string): number {
  const match = /^([1-9][0-9]{0,8})([smhdw])$/.exec(value.trim());
  if (!match) throw new UsageError(`invalid duration for ${flag}: ${JSON.stringify(value)}`, 'use a number and a unit: s, m, h, d or w (e.g. 30d, 48h)');
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** A comma-separated list of durations, e.g. `--warn-before 7d,1d`. */
export function parseDurationList(value: string, flag: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  for (const item of items) parseDuration(item, flag);
  return items;
}
