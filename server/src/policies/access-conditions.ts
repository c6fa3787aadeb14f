import { BlockList, isIP } from 'node:net';
import { ApiError } from '../http/api-error.js';

/** The documented rule conditions, plus `time_window` whose field name the docs leave open. */
export interface RuleConditions {
  ip_ranges?: string[];
  require_mfa?: boolean;
  /** UTC `HH:MM` bounds; `days` lists `mon`..`sun`. */
  time_window?: { start: string; end: string; days?: string[] };
}

export interface ConditionContext {
  sourceIp: string;
  mfaVerified: boolean;
  timestamp: number;
}

export type FailedCondition =
  | { condition: 'ip_ranges'; code: 'ip_not_allowed' }
  | { condition: 'require_mfa'; code: 'mfa_required' }
  | { condition: 'time_window'; code: 'time_window_violation' };

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function invalidPolicy(message: string, details: Record<string, unknown>): ApiError {
  return new ApiError(400, 'invalid_policy', message, details);
}

export function validateConditions(value: unknown, where: string): RuleConditions | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidPolicy(`${where}.conditions must be an object`, { field: `${where}.conditions` });
  const conditions = value as Record<string, unknown>;
  for (const key of Object.keys(conditions)) {
    if (!['ip_ranges', 'require_mfa', 'time_window'].includes(key))
      throw invalidPolicy(`Unknown condition '${key}'`, { field: `${where}.conditions.${key}` });
  }
  const ranges = conditions.ip_ranges;
  if (ranges !== undefined) {
    if (!Array.isArray(ranges) || !ranges.every((range) => typeof range === 'string' && parseCidr(range) !== undefined)) {
      throw invalidPolicy('ip_ranges must be a list of CIDR ranges such as 10.0.0.0/8', { field: `${where}.conditions.ip_ranges` });
    }
  }
  if (conditions.require_mfa !== undefined && typeof conditions.require_mfa !== 'boolean') {
    throw invalidPolicy('require_mfa must be true or false', { field: `${where}.conditions.require_mfa` });
  }
  const window = conditions.time_window as { start?: unknown; end?: unknown; days?: unknown } | null | undefined;
  if (window !== undefined) {
    // `null` and non-objects are refused before any property of them is read.
    const isObject = typeof window === 'object' && window !== null && !Array.isArray(window);
    const daysOk =
      isObject && (window.days === undefined || (Array.isArray(window.days) && window.days.every((day) => DAYS.includes(String(day)))));
    if (!isObject || !HH_MM.test(String(window.start)) || !HH_MM.test(String(window.end)) || !daysOk) {
      throw invalidPolicy('time_window must be {"start":"HH:MM","end":"HH:MM","days":["mon",...]} in UTC', {
        field: `${where}.conditions.time_window`,
      });
    }
  }
  return conditions as RuleConditions;
}

function parseCidr(range: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address, prefixText] = range.split('/');
  const version = isIP(address ?? '');
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { address: address!, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function ipAllowed(ranges: string[], sourceIp: string): boolean {
  const list = new BlockList();
  for (const range of ranges) {
    const cidr = parseCidr(range);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  const ip = sourceIp.startsWith('::ffff:') ? sourceIp.slice(7) : sourceIp;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  return isIP(ip) !== 0 && list.check(ip, family);
}

function insideWindow(window: NonNullable<RuleConditions['time_window']>, timestamp: number): boolean {
  const at = new Date(timestamp);
  if (window.days && !window.days.includes(DAYS[at.getUTCDay()]!)) return false;
  const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
  const toMinutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** All conditions must hold; returns the first that does not. */
export function failedCondition(conditions: RuleConditions | undefined, context: ConditionContext): FailedCondition | undefined {
  if (!conditions) return undefined;
  if (conditions.ip_ranges && !ipAllowed(conditions.ip_ranges, context.sourceIp)) return { condition: 'ip_ranges', code: 'ip_not_allowed' };
  if (conditions.require_mfa && !context.mfaVerified) return { condition: 'require_mfa', code: 'mfa_required' };
  if (conditions.time_window && !insideWindow(conditions.time_window, context.timestamp))
    return { condition: 'time_window', code: 'time_window_violation' };
  return undefined;
}
