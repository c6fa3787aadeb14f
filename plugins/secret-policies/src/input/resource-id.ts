import { UsageError } from '@scaivault/core';

/** Checks an id given on the command line (`pol_abc`, `bnd_xyz`) before it goes into a URL. */
export function requireId(value: string, what: string): string {
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(value))
    throw new UsageError(`invalid ${what} ${JSON.stringify(value)}: use the id shown by the list command, e.g. sp_abc`);
  return value;
}
