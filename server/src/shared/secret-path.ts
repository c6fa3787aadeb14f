import { ApiError } from '../http/api-error.js';

export const MAX_PATH_LENGTH = 512;
export const MAX_PATH_SEGMENTS = 10;
const SEGMENT = /^[a-z0-9_-]+$/;

/** Final segments that name an operation on the secret above them (`.../versions`, `.../rotate`). */
export const RESERVED_LAST_SEGMENTS = new Set(['versions', 'metadata', 'rotate', 'restore']);
/** Whole paths taken by collection endpoints (`GET /v1/secrets/expiring`, `POST /v1/secrets/batch`). */
export const RESERVED_PATHS = new Set(['expiring', 'batch']);

function invalidPath(path: string, reason: string): ApiError {
  return new ApiError(400, 'invalid_path', `Invalid secret path '${path.slice(0, 600)}': ${reason}`, { path: path.slice(0, 600), reason });
}

/**
 * Enforces the documented path rules: at most 10 segments and 512 characters, only
 * `a-z 0-9 - _ /`, no leading or trailing slash, no empty segment. `.` is not an allowed
 * character, so `..` and every other traversal form fail here.
 */
export function validateSecretPath(path: string): string {
  if (path.length === 0) throw invalidPath(path, 'the path is empty');
  if (path.length > MAX_PATH_LENGTH) throw invalidPath(path, `longer than ${MAX_PATH_LENGTH} characters`);
  if (path.startsWith('/') || path.endsWith('/')) throw invalidPath(path, 'leading or trailing slash');
  const segments = path.split('/');
  if (segments.length > MAX_PATH_SEGMENTS) throw invalidPath(path, `more than ${MAX_PATH_SEGMENTS} segments`);
  for (const segment of segments) {
    if (segment === '') throw invalidPath(path, 'empty segment');
    if (segment === '.' || segment === '..') throw invalidPath(path, 'relative segments are not allowed');
    if (!SEGMENT.test(segment)) throw invalidPath(path, 'only a-z, 0-9, -, _ and / are allowed');
  }
  return path;
}

/** A path a secret may be written at: valid, and not one the API uses for an operation. */
export function validateWritablePath(path: string): string {
  validateSecretPath(path);
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (RESERVED_PATHS.has(path)) throw invalidPath(path, `'${path}' is reserved for a collection endpoint`);
  if (path.includes('/') && RESERVED_LAST_SEGMENTS.has(last)) throw invalidPath(path, `'${last}' is reserved as the last segment`);
  return path;
}

/** A list prefix may end in `/` (`environments/production/`) but must otherwise follow the path rules. */
export function validatePrefix(prefix: string): string {
  if (prefix === '') return prefix;
  validateSecretPath(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
