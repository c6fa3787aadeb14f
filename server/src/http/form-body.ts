import { isUtf8 } from 'node:buffer';
import { invalidRequest } from './api-error.js';

/**
 * Parses an `application/x-www-form-urlencoded` body strictly: raw bytes and percent-escapes
 * must both be UTF-8, where `URLSearchParams` would quietly substitute U+FFFD for a bad sequence.
 */
export function parseFormBody(body: Buffer): Record<string, string> {
  if (!isUtf8(body)) throw invalidRequest('Request body is not valid UTF-8');
  const out: Record<string, string> = {};
  for (const pair of body.toString('utf8').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      out[decodeURIComponent(rawKey.replace(/\+/g, ' '))] = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw invalidRequest('Form body is not valid percent-encoded UTF-8');
    }
  }
  return out;
}
