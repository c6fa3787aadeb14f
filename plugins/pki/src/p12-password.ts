// The PKCS#12 password: from stdin (--password-stdin), from SCAIVAULT_P12_PASSWORD, or asked twice on
// a terminal. Never from argv, where any user on the machine can read it in the process list.
import { readAll, UsageError, type Env, type Prompt } from '@scaivault/core';
import type { Readable } from 'node:stream';

export const P12_PASSWORD_ENV = 'SCAIVAULT_P12_PASSWORD';

export async function p12Password(source: { fromStdin: boolean; stdin: Readable; env: Env; prompt: Prompt }): Promise<string> {
  let password: string | undefined;
  if (source.fromStdin) password = (await readAll(source.stdin)).split(/\r?\n/)[0];
  else if (source.env[P12_PASSWORD_ENV] !== undefined) password = source.env[P12_PASSWORD_ENV];
  else if (source.prompt.interactive) {
    password = await source.prompt.secret('PKCS#12 password: ');
    if ((await source.prompt.secret('Again: ')) !== password) throw new UsageError('the two passwords differ: nothing was issued');
  } else {
    throw new UsageError(`--format p12 needs a password: --password-stdin, ${P12_PASSWORD_ENV}, or run on a terminal to be asked`);
  }
  if (password === undefined || password === '') throw new UsageError('the PKCS#12 password is empty');
  return password;
}
