import { UsageError } from '@scaivault/core';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Checks an opaque id (`rot_quarterly`, `wh_abc`, `sp_strong`) before any request: ids are single
 * URL segments, so an empty one or one with `/` or spaces can only be a mistake.
 */
export function requireId(value: string, what: string): string {
  if (!ID.test(value))
    throw new UsageError(`invalid ${what} ${JSON.stringify(value)}`, 'ids look like rot_quarterly: letters, digits, _ . : -');
  return value;
}

/** Ids given as repeated flags, each possibly a comma-separated list: `--webhook wh_a,wh_b --webhook wh_c`. */
export function idList(values: readonly string[], what: string): string[] {
  const ids = values.flatMap((value) => value.split(',')).map((id) => id.trim());
  const seen = new Set<string>();
  for (const id of ids) {
    requireId(id, what);
    if (seen.has(id)) throw new UsageError(`${what} ${id} is given twice`);
    seen.add(id);
  }
  return ids;
}
