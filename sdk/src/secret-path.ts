// Secret paths: the documented rules (10 §3.1) and how a path goes into a URL.

const MAX_SEGMENTS = 10;
const MAX_LENGTH = 512;
const ALLOWED = /^[a-z0-9\-_/]*$/;
// The server serves sub-resources as suffixes of the path (docs/api-decisions.md, "Secrets routes"),
// so a secret may not be named like one of them.
const RESERVED_LAST_SEGMENTS = new Set(['versions', 'metadata', 'rotate', 'restore']);
const RESERVED_WHOLE_PATHS = new Set(['expiring', 'batch']);

/**
 * Checks a secret path against the documented rules before any request is made.
 * Returns a message naming the problem, or null when the path is valid.
 */
export function validateSecretPath(path: string): string | null {
  if (path.length === 0) return 'secret path is empty';
  if (path.length > MAX_LENGTH) return `secret path is ${path.length} characters long; the maximum is ${MAX_LENGTH}`;
  const bad = [...path].find((char) => !ALLOWED.test(char));
  if (bad !== undefined) {
    return `secret path contains ${JSON.stringify(bad)}; allowed characters are a-z 0-9 - _ /`;
  }
  if (path.startsWith('/')) return "secret path must not start with '/'";
  if (path.endsWith('/')) return "secret path must not end with '/'";
  const segments = path.split('/');
  if (segments.includes('')) return "secret path has an empty segment ('//')";
  if (segments.length > MAX_SEGMENTS) {
    return `secret path has ${segments.length} segments; the maximum is ${MAX_SEGMENTS}`;
  }
  const last = segments[segments.length - 1] ?? '';
  if (RESERVED_LAST_SEGMENTS.has(last)) {
    return `secret path may not end in '${last}': that name is reserved for the API`;
  }
  if (RESERVED_WHOLE_PATHS.has(path)) return `'${path}' is reserved for the API and cannot be a secret path`;
  return null;
}

/**
 * Encodes a secret path for a URL: each `/`-separated segment on its own, so `/` stays a
 * separator while spaces, `%`, `?` and `#` inside a segment are escaped.
 */
export function encodeSecretPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Encodes one opaque identifier (policy id, engine name, ...) as a single URL segment. */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value);
}
