import { UsageError } from '../errors/cli-error.js';

/** A whole number in [min, max] from a flag; anything else is exit 5 naming the flag. */
export function parseInteger(value: string, flag: string, range: { min?: number; max?: number } = {}): number {
  const min = range.min ?? 1;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^-?[0-9]+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  const number = Number(value);
  if (number < min || number > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${number}`);
  return number;
}
