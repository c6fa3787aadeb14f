import { UsageError, parseJsonInput, readFileOrStdin, type InputSources } from '@scaivault/core';
import { requireDnsName } from './pki-input.js';

/** `--zone` values, repeatable or comma-separated, each a DNS name. */
export function readZones(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map((value) => requireDnsName(value, '--zone'));
}

/** `--nameserver HOST[:PORT]` values, checked. */
export function checkNameservers(values: readonly string[]): string[] {
  for (const server of values)
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(server))
      throw new UsageError(`--nameserver: ${JSON.stringify(server)} is not HOST or HOST:PORT`);
  return [...values];
}

/** The JSON object of strings in `--credentials FILE` (or `-` for stdin): credentials never come from argv. */
export async function readCredentialsFile(path: string, from: InputSources): Promise<Record<string, string>> {
  const text = await readFileOrStdin(path, '--credentials', from);
  const parsed = parseJsonInput(text, '--credentials');
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((value) => typeof value !== 'string')
  )
    throw new UsageError('--credentials must hold a JSON object of strings');
  return parsed as Record<string, string>;
}
