import { ApiError } from '../http/api-error.js';

export type PathMatcher = (path: string) => boolean;

const SEGMENT_PATTERN = /^[a-z0-9_.*?-]+$/;

/** One pattern segment: `**`, "any one segment" (a leading `**` starts with one), or a literal/wildcard segment. */
type Part = { kind: 'globstar' } | { kind: 'any' } | { kind: 'segment'; text: string };

/** Counts the elementary steps of a match, so tests can bound the work without timing it. */
export interface MatchWork {
  steps: number;
}

function invalidGlob(pattern: string, reason: string): ApiError {
  return new ApiError(400, 'invalid_glob', `Invalid path pattern '${pattern}': ${reason}`, { path_pattern: pattern, reason });
}

/**
 * Compiles a policy/subscription glob. `*` matches within one segment (alone it is exactly one
 * segment), `?` one character, `**` any number of segments. Following the documented table,
 * a leading `**` needs at least one segment (`**\/ssl/*` does not match `ssl/cert`), while
 * elsewhere it may match none (`app/**` matches `app`).
 *
 * Every glob in the server (access rules, batch expansion, subscriptions) is matched here, in
 * time proportional to pattern size × path size: the pattern runs as a set of states over the
 * path's segments (no backtracking), and a segment is matched with the two-pointer wildcard
 * algorithm, never a regular expression. A backtracking matcher took minutes for a pattern of
 * 100 `**` segments; any pattern a client sends must stay cheap.
 */
export function compileGlob(pattern: string): PathMatcher {
  const parts = parseGlob(pattern);
  return (path: string) => matchParts(parts, path.split('/'));
}

/** Matches once and reports how many steps it took (for tests of the matcher's cost). */
export function matchGlobCounting(pattern: string, path: string, work: MatchWork): boolean {
  return matchParts(parseGlob(pattern), path.split('/'), work);
}

function parseGlob(pattern: string): Part[] {
  if (typeof pattern !== 'string' || pattern === '') throw invalidGlob(String(pattern), 'the pattern is empty');
  if (pattern.length > 512) throw invalidGlob(pattern, 'longer than 512 characters');
  if (pattern.startsWith('/') || pattern.endsWith('/')) throw invalidGlob(pattern, 'leading or trailing slash');
  const parts: Part[] = [];
  for (const [index, segment] of pattern.split('/').entries()) {
    if (segment === '') throw invalidGlob(pattern, 'empty segment');
    if (segment === '**') {
      // A leading `**` is "one segment, then any number"; `**/**` means the same as `**`.
      if (index === 0) parts.push({ kind: 'any' });
      if (parts.at(-1)?.kind !== 'globstar') parts.push({ kind: 'globstar' });
      continue;
    }
    if (segment.includes('**')) throw invalidGlob(pattern, "'**' must be a whole segment");
    if (!SEGMENT_PATTERN.test(segment)) throw invalidGlob(pattern, 'only a-z, 0-9, -, _, ., *, ? and / are allowed');
    parts.push(segment === '*' ? { kind: 'any' } : { kind: 'segment', text: segment });
  }
  return parts;
}

/** Simulates the pattern as a set of live positions, advanced once per path segment. */
function matchParts(parts: Part[], path: string[], work: MatchWork = { steps: 0 }): boolean {
  let live = closure(parts, new Set([0]), work);
  for (const segment of path) {
    const next = new Set<number>();
    for (const position of live) {
      work.steps++;
      const part = parts[position];
      if (part === undefined) continue;
      if (part.kind === 'globstar') next.add(position);
      else if (part.kind === 'any' || segmentMatches(part.text, segment, work)) next.add(position + 1);
    }
    if (next.size === 0) return false;
    live = closure(parts, next, work);
  }
  return live.has(parts.length);
}

/** A `**` may also match no segment: a position on one also stands on the part after it. */
function closure(parts: Part[], positions: Set<number>, work: MatchWork): Set<number> {
  for (const position of positions) {
    work.steps++;
    if (parts[position]?.kind === 'globstar') positions.add(position + 1);
  }
  return positions;
}

/** `*` and `?` within one segment; the classic greedy match that revisits only the last `*`. */
function segmentMatches(pattern: string, text: string, work: MatchWork): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    work.steps++;
    const char = pattern[p];
    if (char === '?' || (char !== undefined && char !== '*' && char === text[t])) {
      p++;
      t++;
    } else if (char === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
