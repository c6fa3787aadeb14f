import { UsageError, readAll, readInputFile, type InputSources, type Prompt } from '@scaivault/core';

/** Where a `key=value` argument's value comes from. */
export type ValueSource = { kind: 'literal'; value: string } | { kind: 'file'; path: string } | { kind: 'stdin' };

export interface KeyValueArgument {
  key: string;
  source: ValueSource;
}

/**
 * Parses `key=value`, `key=@file` and `key=-` arguments without reading anything yet.
 * `@@x` is the literal `@x`, for values that start with `@`.
 */
export function parseKeyValueArguments(args: readonly string[]): KeyValueArgument[] {
  const seen = new Set<string>();
  let stdinUsed = false;
  return args.map((arg) => {
    const equals = arg.indexOf('=');
    if (equals <= 0) throw new UsageError(`expected key=value, got ${JSON.stringify(arg)}`, 'e.g. password=- reads the value from stdin');
    const key = arg.slice(0, equals);
    const raw = arg.slice(equals + 1);
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new UsageError(`invalid key ${JSON.stringify(key)}: use letters, digits, _ . -`);
    if (seen.has(key)) throw new UsageError(`key ${JSON.stringify(key)} is given twice`);
    seen.add(key);
    if (raw === '-') {
      if (stdinUsed) throw new UsageError('only one value can be read from stdin (key=-)');
      stdinUsed = true;
      return { key, source: { kind: 'stdin' } };
    }
    if (raw.startsWith('@@')) return { key, source: { kind: 'literal', value: raw.slice(1) } };
    if (raw.startsWith('@')) {
      if (raw.length === 1) throw new UsageError(`${key}=@ needs a file name`);
      return { key, source: { kind: 'file', path: raw.slice(1) } };
    }
    return { key, source: { kind: 'literal', value: raw } };
  });
}

/**
 * Reads every value: files through the injected file system, `-` from stdin (a final newline
 * dropped) or, on a terminal, from a prompt that does not echo, as `auth login` asks for a token.
 * An empty value from stdin or the prompt is refused: it is almost always a forgotten pipe.
 */
export async function resolveKeyValues(
  args: readonly KeyValueArgument[],
  io: InputSources & { prompt?: Prompt },
): Promise<Record<string, string>> {
  const data: Record<string, string> = {};
  for (const { key, source } of args) {
    if (source.kind === 'literal') data[key] = source.value;
    else if (source.kind === 'stdin') data[key] = await readStdinValue(key, io);
    else data[key] = readInputFile(io.fs, source.path, `${key}=@${source.path}`);
  }
  return data;
}

async function readStdinValue(key: string, io: InputSources & { prompt?: Prompt }): Promise<string> {
  if (io.prompt?.interactive) {
    const typed = await io.prompt.secret(`${key}: `);
    if (typed === '') throw new UsageError(`no value typed for ${key}=-`);
    return typed;
  }
  const value = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  if (value === '')
    throw new UsageError(
      `stdin is empty: no value for ${key}=-`,
      `pipe the value in, e.g. printf %s "$VALUE" | scaivault secrets write PATH ${key}=-`,
    );
  return value;
}
