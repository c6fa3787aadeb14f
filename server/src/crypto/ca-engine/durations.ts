// TTLs as the API writes them: `90s`, `30m`, `720h`, `30d`, or combinations like `1h30m`.
import { PkiValidationError } from './pki-validation-error.js';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

export function parseTtl(text: unknown, field = 'ttl'): number {
  const refuse = () =>
    new PkiValidationError(
      'validation_error',
      field,
      String(text),
      `${field} must be a duration like 168h or 30d, not ${JSON.stringify(text)}`,
    );
  if (typeof text !== 'string' || !/^(\d+[smhd])+$/.test(text)) throw refuse();
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhd])/g)) seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  if (seconds <= 0 || !Number.isSafeInteger(seconds)) throw refuse();
  return seconds;
}
