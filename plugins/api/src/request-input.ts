import { UsageError } from '@scaivault/core';
import type { HttpMethod } from '@scaivault/core/sdk';

const METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The method as the transport takes it: any case on the command line, one of the six it sends. */
export function requireMethod(given: string): HttpMethod {
  const method = given.toUpperCase() as HttpMethod;
  if (!METHODS.includes(method)) throw new UsageError(`unknown method ${JSON.stringify(given)}: use one of ${METHODS.join(', ')}`);
  return method;
}

/** `/v1/...` as typed; `v1/...` gets its slash, as `gh api` does. Anything with a scheme is refused. */
export function requireApiPath(given: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(given) || given.startsWith('//'))
    throw new UsageError(
      `${JSON.stringify(given)} is not an API path`,
      'give the path below the base URL, e.g. /v1/secrets; --url changes the server',
    );
  const path = given.startsWith('/') ? given : `/${given}`;
  if (path === '/') throw new UsageError('the path must not be empty', 'e.g. /v1/secrets');
  return path;
}

/**
 * `-f key=value` (a string) and `-F key=value` (a JSON literal: a number, true, false, null, or
 * quoted JSON; anything else stays a string), in the order given; a later key replaces an earlier one.
 */
export function parseFields(raw: readonly string[], typed: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const split = (flag: string, pair: string): [string, string] => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} ${JSON.stringify(pair)}: expected key=value`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  };
  for (const pair of raw) {
    const [key, value] = split('-f', pair);
    fields[key] = value;
  }
  for (const pair of typed) {
    const [key, value] = split('-F', pair);
    fields[key] = typedValue(value);
  }
  return fields;
}

function typedValue(text: string): unknown {
  if (/^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(text) || /^[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new UsageError(`-F ${JSON.stringify(text)} is not valid JSON`, 'use -f for a plain string');
    }
  }
  return text;
}

/** Fields in the query string: strings as given, anything else as its JSON text. */
export function asQuery(fields: Record<string, unknown>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) query[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return query;
}
