import { isIP } from 'node:net';
import { UsageError } from '@scaivault/core';
import type { Permission, PolicyRuleInput } from '@scaivault/core/sdk';

export const PERMISSIONS: readonly Permission[] = ['read', 'write', 'delete', 'list', 'rotate', 'admin'];
export const SCOPES = ['tenant', 'partner'] as const;
export type PolicyScope = (typeof SCOPES)[number];

const MAX_PATTERN_LENGTH = 512;
const PATTERN_SEGMENT = /^[a-z0-9_.*?-]+$/;
const RULE_KEYS = ['path_pattern', 'permissions', 'conditions'];
const CONDITION_KEYS = ['ip_ranges', 'require_mfa', 'time_window'];
const BODY_KEYS = ['name', 'description', 'rules', 'scope'];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Checks a rule's `path_pattern` the way the server does (documented path characters plus `*`, `?`,
 * and `**` as a whole segment). Returns the problem, or null when the pattern is valid.
 */
export function pathPatternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'the pattern is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is ${pattern.length} characters long; the maximum is ${MAX_PATTERN_LENGTH}`;
  if (pattern.startsWith('/')) return "the pattern must not start with '/'";
  if (pattern.endsWith('/')) return "the pattern must not end with '/'";
  for (const segment of pattern.split('/')) {
    if (segment === '') return "the pattern has an empty segment ('//')";
    if (segment === '**') continue;
    if (segment.includes('**')) return "'**' must be a whole segment, e.g. app/**";
    if (!PATTERN_SEGMENT.test(segment)) return 'only a-z 0-9 - _ . * ? and / are allowed';
  }
  return null;
}

/** `read,list` → `['read', 'list']`; an unknown or empty permission is exit 5 naming it. */
export function parsePermissions(value: string, flag: string): Permission[] {
  const items = value.split(',').map((item) => item.trim());
  const permissions: Permission[] = [];
  for (const item of items) {
    if (!PERMISSIONS.includes(item as Permission)) {
      throw new UsageError(
        `${flag}: unknown permission ${JSON.stringify(item)}`,
        `use a comma-separated list of ${PERMISSIONS.join(', ')}`,
      );
    }
    if (!permissions.includes(item as Permission)) permissions.push(item as Permission);
  }
  return permissions;
}

/** What a rules file may hold: the `rules` array, or a create body with `rules` in it. */
export interface RulesDocument {
  rules: PolicyRuleInput[];
  name?: string;
  description?: string;
  scope?: PolicyScope;
}

/**
 * Checks a parsed rules document before anything is sent: every problem is exit 5 naming where in
 * the document it is (`rules[1].permissions`), so a typo never reaches the server.
 */
export function parseRulesDocument(value: unknown, source: string): RulesDocument {
  if (Array.isArray(value)) return { rules: parseRules(value, source, 'rules') };
  if (!isPlainObject(value) || !('rules' in value)) {
    throw new UsageError(
      `${source} must hold a JSON array of rules, or an object with a "rules" array`,
      'e.g. [{"path_pattern":"app/**","permissions":["read"]}]',
    );
  }
  rejectUnknownKeys(value, BODY_KEYS, source, '');
  const document: RulesDocument = { rules: parseRules(value.rules, source, 'rules') };
  for (const key of ['name', 'description'] as const) {
    const text = value[key];
    if (text === undefined || text === null) continue;
    if (typeof text !== 'string' || (key === 'name' && text.trim() === '')) throw problem(source, key, 'must be a non-empty string');
    document[key] = text;
  }
  if (value.scope !== undefined && value.scope !== null) {
    if (!SCOPES.includes(value.scope as PolicyScope)) throw problem(source, 'scope', `must be one of ${SCOPES.join(', ')}`);
    document.scope = value.scope as PolicyScope;
  }
  return document;
}

function parseRules(value: unknown, source: string, where: string): PolicyRuleInput[] {
  if (!Array.isArray(value)) throw problem(source, where, 'must be an array of rules');
  if (value.length === 0) throw problem(source, where, 'is empty: a policy needs at least one rule');
  return value.map((candidate, index) => parseRule(candidate, source, `${where}[${index}]`));
}

function parseRule(value: unknown, source: string, where: string): PolicyRuleInput {
  if (!isPlainObject(value)) throw problem(source, where, 'must be an object {"path_pattern", "permissions", "conditions"?}');
  rejectUnknownKeys(value, RULE_KEYS, source, where);
  const pattern = value.path_pattern;
  if (typeof pattern !== 'string') throw problem(source, `${where}.path_pattern`, 'is required: a string such as "app/**"');
  const patternProblem = pathPatternProblem(pattern);
  if (patternProblem)
    throw problem(source, `${where}.path_pattern`, `${JSON.stringify(pattern)} is not a valid pattern: ${patternProblem}`);
  const permissions = value.permissions;
  if (!Array.isArray(permissions) || permissions.length === 0) {
    throw problem(source, `${where}.permissions`, `is required: a non-empty array of ${PERMISSIONS.join(', ')}`);
  }
  const unknown = permissions.find((permission) => !PERMISSIONS.includes(permission as Permission));
  if (unknown !== undefined)
    throw problem(source, `${where}.permissions`, `unknown permission ${JSON.stringify(unknown)}; use ${PERMISSIONS.join(', ')}`);
  const rule: PolicyRuleInput = { path_pattern: pattern, permissions: [...new Set(permissions as Permission[])] };
  if (value.conditions !== undefined && value.conditions !== null)
    rule.conditions = parseConditions(value.conditions, source, `${where}.conditions`);
  return rule;
}

function parseConditions(value: unknown, source: string, where: string): NonNullable<PolicyRuleInput['conditions']> {
  if (!isPlainObject(value)) throw problem(source, where, 'must be an object');
  rejectUnknownKeys(value, CONDITION_KEYS, source, where);
  const ranges = value.ip_ranges;
  if (ranges !== undefined) {
    if (!Array.isArray(ranges)) throw problem(source, `${where}.ip_ranges`, 'must be an array of CIDR ranges such as "10.0.0.0/8"');
    for (const range of ranges) {
      const rangeProblem = typeof range === 'string' ? cidrProblem(range) : 'is not a string';
      if (rangeProblem) throw problem(source, `${where}.ip_ranges`, `${JSON.stringify(range)} ${rangeProblem}`);
    }
  }
  if (value.require_mfa !== undefined && typeof value.require_mfa !== 'boolean')
    throw problem(source, `${where}.require_mfa`, 'must be true or false');
  const window = value.time_window;
  if (window !== undefined) {
    const days = isPlainObject(window) ? window.days : undefined;
    const daysOk = days === undefined || (Array.isArray(days) && days.every((day) => DAYS.includes(day as string)));
    if (!isPlainObject(window) || !HH_MM.test(String(window.start)) || !HH_MM.test(String(window.end)) || !daysOk) {
      throw problem(source, `${where}.time_window`, 'must be {"start":"HH:MM","end":"HH:MM","days"?:["mon",...]} in UTC');
    }
  }
  return value as NonNullable<PolicyRuleInput['conditions']>;
}

/** Checks one CIDR range (`10.0.0.0/8`, `2001:db8::/32`, or a single address); null when valid. */
export function cidrProblem(range: string): string | null {
  const [address = '', prefix, extra] = range.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return 'is not a CIDR range such as 10.0.0.0/8';
  if (prefix === undefined) return null;
  const max = version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `has a prefix length outside 0-${max}`;
  return null;
}

function rejectUnknownKeys(value: Record<string, unknown>, allowed: readonly string[], source: string, where: string): void {
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw problem(source, where ? `${where}.${unknown}` : unknown, `is not a known field; use ${allowed.join(', ')}`);
  }
}

function problem(source: string, where: string, message: string): UsageError {
  return new UsageError(`${source}: ${where} ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
