import { ApiError } from '../http/api-error.js';

/** The documented catalogue (secrets, policies, rotation); PKI and lease events join later. */
export const EVENT_TYPES = [
  'secret.created',
  'secret.updated',
  'secret.deleted',
  'secret.rotated',
  'secret.expiring',
  'secret.expired',
  'secret.accessed',
  'policy.created',
  'policy.updated',
  'policy.deleted',
  'policy.binding.created',
  'policy.binding.deleted',
  'policy.violation',
  'rotation.due',
  'rotation.overdue',
  'rotation.completed',
  'rotation.failed',
] as const;

const PATTERN = /^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/;

/** Event filters are exact types, `*`, or a family such as `secret.*`. */
export function validateEventPatterns(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' && PATTERN.test(item))) {
    throw new ApiError(422, 'validation_error', `${field} must be a non-empty list of event types such as secret.rotated or secret.*`, {
      fields: { [field]: 'non-empty list of event types' },
      known_event_types: EVENT_TYPES,
    });
  }
  return value as string[];
}

export function eventMatches(patterns: string[], type: string): boolean {
  return patterns.some((pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))));
}
