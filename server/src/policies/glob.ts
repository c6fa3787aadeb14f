import { ApiError } from '../http/api-error.js';

export type PathMatcher = (path: string) => boolean;

const SEGMENT_PATTERN = /^[a-z0-9_.*?-]+$/;

function invalidGlob(pattern: string, reason: string): ApiError {
  return new ApiError(400, 'invalid_glob', `Invalid path pattern '${pattern}': ${reason}`, { path_pattern: pattern, reason });
}

function segmentRegex(segment: string): RegExp {
  const body = segment.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/**
 * Compiles a policy/subscription glob. `*` matches within one segment (alone it is exactly one
 * segment), `?` one character, `**` any number of segments. Following the documented table,
 * a leading `**` needs at least one segment (`**\/ssl/*` does not match `ssl/cert`), while
 * elsewhere it may match none (`app/**` matches `app`).
 */
export function compileGlob(pattern: string): PathMatcher {
  if (typeof pattern !== 'string' || pattern === '') throw invalidGlob(String(pattern), 'the pattern is empty');
  if (pattern.length > 512) throw invalidGlob(pattern, 'longer than 512 characters');
  if (pattern.startsWith('/') || pattern.endsWith('/')) throw invalidGlob(pattern, 'leading or trailing slash');
  const segments = pattern.split('/');
  const compiled: (RegExp | '**')[] = segments.map((segment) => {
    if (segment === '') throw invalidGlob(pattern, 'empty segment');
    if (segment === '**') return '**';
    if (segment.includes('**')) throw invalidGlob(pattern, "'**' must be a whole segment");
    if (!SEGMENT_PATTERN.test(segment)) throw invalidGlob(pattern, 'only a-z, 0-9, -, _, ., *, ? and / are allowed');
    return segmentRegex(segment);
  });
  return (path: string) => matchSegments(compiled, 0, path.split('/'), 0);
}

function matchSegments(pattern: (RegExp | '**')[], i: number, path: string[], j: number): boolean {
  if (i === pattern.length) return j === path.length;
  const part = pattern[i]!;
  if (part === '**') {
    for (let k = i === 0 ? j + 1 : j; k <= path.length; k++) {
      if (matchSegments(pattern, i + 1, path, k)) return true;
    }
    return false;
  }
  return j < path.length && part.test(path[j]!) && matchSegments(pattern, i + 1, path, j + 1);
}
