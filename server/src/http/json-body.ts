import { isUtf8 } from 'node:buffer';
import { invalidRequest } from './api-error.js';

/**
 * How deeply arrays and objects may nest in a request body. Real secrets and metadata are a few
 * levels deep; without a bound a body of a few kilobytes of `[[[[…` overflows the stack when the
 * value is serialised again for storage.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Checks the raw bytes of a JSON body before it is parsed: they must be UTF-8 (a silently
 * substituted U+FFFD would change a secret's value or key without telling anyone) and must not
 * nest deeper than {@link MAX_JSON_DEPTH}. Returns the decoded text.
 */
export function checkedJsonText(body: Buffer): string {
  if (!isUtf8(body)) throw invalidRequest('Request body is not valid UTF-8');
  const text = body.toString('utf8');
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH)
    throw invalidRequest(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`, { max_depth: MAX_JSON_DEPTH });
  return text;
}

// With the `u` flag a proper surrogate pair is one code point, so only a half pair matches.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * After parsing: a `\ud800`-style escape can still name half a surrogate pair, which is no
 * character at all and would also be replaced on its way into the database.
 */
export function checkWellFormed(value: unknown): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value))
      throw invalidRequest('Request body contains a string that is not valid Unicode (a lone surrogate escape)');
  } else if (Array.isArray(value)) {
    for (const item of value) checkWellFormed(item);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      checkWellFormed(key);
      checkWellFormed(item);
    }
  }
}

/** The deepest bracket nesting outside string literals; stops counting once past the limit. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
