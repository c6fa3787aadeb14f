import { UsageError } from '@scaivault/core';

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 timestamp with a zone (`2026-06-30T00:00:00Z`); anything else is exit 5 naming the flag. */
export function parseTimestamp(value: string, flag: string): string {
  if (!RFC_3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`${flag} must be an RFC 3339 timestamp such as 2026-06-30T00:00:00Z, got ${JSON.stringify(value)}`);
  }
  return value;
}
