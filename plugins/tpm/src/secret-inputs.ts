import { readAll, UsageError, type Env, type Prompt } from '@scaivault/core';
import type { Readable } from 'node:stream';

/** The PINs and passphrase the tpm commands take, in the order they are read from stdin. */
export const SECRET_INPUTS = {
  sopin: { flag: '--sopin', env: 'SCAIVAULT_TPM_SOPIN', what: 'SO PIN' },
  userpin: { flag: '--userpin', env: 'SCAIVAULT_TPM_USERPIN', what: 'user PIN' },
  passphrase: { flag: '--passphrase', env: 'SCAIVAULT_TPM_PASSPHRASE', what: 'backup passphrase' },
} as const;

export type SecretInputName = keyof typeof SECRET_INPUTS;
const ORDER: SecretInputName[] = ['sopin', 'userpin', 'passphrase'];

export interface SecretInputSources {
  stdin: Readable;
  env: Env;
  prompt: Prompt;
  warn: (text: string) => void;
}

/**
 * PINs need never be on the command line: `--userpin -` reads stdin (one line per flag given as
 * `-`, in the order --sopin, --userpin, --passphrase), SCAIVAULT_TPM_* variables, or a prompt on a
 * terminal that does not echo. A PIN on argv still works, with a warning that others can see it.
 */
export class SecretInputs {
  private lines: Promise<string[]> | undefined;

  constructor(
    private readonly given: Partial<Record<SecretInputName, string | undefined>>,
    private readonly sources: SecretInputSources,
  ) {}

  /** The value, or undefined when it was not given and cannot be asked for (and `optional`). */
  async get(
    name: SecretInputName,
    options: { optional?: boolean; confirm?: boolean; noPrompt?: boolean } = {},
  ): Promise<string | undefined> {
    const input = SECRET_INPUTS[name];
    const given = this.given[name];
    let value: string | undefined;
    if (given === '-') {
      const index = ORDER.filter((other) => this.given[other] === '-').indexOf(name);
      this.lines ??= readAll(this.sources.stdin).then((text) => text.split(/\r?\n/));
      value = (await this.lines)[index];
      if (value === undefined || value === '') throw new UsageError(`${input.flag} -: no ${input.what} on line ${index + 1} of stdin`);
    } else if (given !== undefined) {
      this.sources.warn(
        `${input.flag} on the command line is visible in the process list; use ${input.flag} -, ${input.env} or the prompt`,
      );
      value = given;
    } else if (this.sources.env[input.env]) {
      value = this.sources.env[input.env];
    } else if (this.sources.prompt.interactive && !options.noPrompt) {
      value = await this.sources.prompt.secret(`${capitalise(input.what)}: `);
      if (options.confirm && (await this.sources.prompt.secret('Again: ')) !== value)
        throw new UsageError(`the two ${input.what}s differ: nothing was changed`);
    } else if (options.optional) {
      return undefined;
    } else {
      throw new UsageError(`no ${input.what} given`, `pass ${input.flag} - (stdin), set ${input.env}, or run on a terminal to be asked`);
    }
    if (value === undefined || value === '') throw new UsageError(`the ${input.what} is empty`);
    return value;
  }

  async require(name: SecretInputName, options: { confirm?: boolean } = {}): Promise<string> {
    return (await this.get(name, options))!;
  }
}

function capitalise(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}
