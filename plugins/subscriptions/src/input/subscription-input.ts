import { UsageError, parseDurationMs } from '@scaivault/core';
import { checkEventType } from './event-types.js';

const EVENT_PATTERN = /^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/;
const GLOB_SEGMENT = /^[a-z0-9_.*?-]+$/;
const MAX_POLL_SECONDS = 60;

function commaList(value: string, flag: string, example: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) throw new UsageError(`${flag} is empty`, `e.g. ${flag} ${example}`);
  if (items.includes('')) throw new UsageError(`${flag} has an empty item: ${JSON.stringify(value)}`);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) throw new UsageError(`${JSON.stringify(item)} is given twice in ${flag}`);
    seen.add(item);
  }
  return items;
}

/** `--events secret.rotated,rotation.*`: known types, a family (`secret.*`) or `*`. */
export function parseEventTypes(value: string, flag = '--events'): string[] {
  const types = commaList(value, flag, 'secret.rotated,rotation.due');
  for (const type of types) {
    if (!EVENT_PATTERN.test(type))
      throw new UsageError(`invalid event type ${JSON.stringify(type)} in ${flag}`, 'e.g. secret.rotated, secret.* or *');
    checkEventType(type, flag);
  }
  return types;
}

/** Why a path glob is invalid (the server's rules), or null when it is fine. */
export function globProblem(pattern: string): string | null {
  if (pattern.length > 512) return 'longer than 512 characters';
  if (pattern.startsWith('/') || pattern.endsWith('/')) return 'leading or trailing slash';
  for (const segment of pattern.split('/')) {
    if (segment === '') return 'empty segment';
    if (segment === '**') continue;
    if (segment.includes('**')) return "'**' must be a whole segment";
    if (!GLOB_SEGMENT.test(segment)) return 'only a-z, 0-9, -, _, ., *, ? and / are allowed';
  }
  return null;
}

/** `--paths "environments/production/**,app/*"`: path globs separated by commas. */
export function parsePathGlobs(value: string, flag = '--paths'): string[] {
  const globs = commaList(value, flag, '"environments/production/**"');
  for (const glob of globs) {
    const problem = globProblem(glob);
    if (problem) throw new UsageError(`invalid path glob ${JSON.stringify(glob)} in ${flag}: ${problem}`);
  }
  return globs;
}

/** A webhook URL: absolute http(s). */
export function parseWebhookUrl(value: string, flag = '--webhook'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an absolute URL, got ${JSON.stringify(value)}`, 'e.g. https://hooks.example/scaivault');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`${flag} must be an http(s) URL, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * How long the server may hold a poll: a duration like every other `--timeout` (`30s`, `1m`, `0s`
 * to answer at once), up to 60 seconds, the documented maximum.
 */
export function parsePollTimeout(value: string, flag = '--timeout'): number {
  const ms = parseDurationMs(value, flag, { allowZero: true });
  if (ms > MAX_POLL_SECONDS * 1000) throw new UsageError(`${flag} is at most ${MAX_POLL_SECONDS} seconds, got ${JSON.stringify(value)}`);
  return ms / 1000;
}

/** An event id as the server makes them (`evt_...`); checked so a typo fails before any request. */
export function requireEventId(value: string, flag: string): string {
  if (!/^evt_[A-Za-z0-9]{1,64}$/.test(value))
    throw new UsageError(`invalid event id ${JSON.stringify(value)} for ${flag}`, 'event ids look like evt_01HK7X9Z...');
  return value;
}

/** A subscription id (`sub_...`). */
export function requireSubscriptionId(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(value))
    throw new UsageError(`invalid subscription id ${JSON.stringify(value)}`, 'subscription ids look like sub_...');
  return value;
}
