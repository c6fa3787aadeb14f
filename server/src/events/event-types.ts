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

/** What a subscription or webhook may ask for: the catalogue plus the documented certificate events. */
export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = [
  ...EVENT_TYPES,
  'csr.submitted',
  'csr.approved',
  'csr.rejected',
  'csr.signed',
  'certificate.issued',
  'certificate.renewed',
  'certificate.revoked',
  'certificate.expiring',
  ...['lease.granted', 'lease.renewed', 'lease.revoked', 'lease.expired', 'lease.revocation_failed'],
];

/** `*`, a known type, or a family (`secret.*`) at least one known type belongs to. */
function isKnownPattern(pattern: string): boolean {
  if (pattern === '*' || SUBSCRIBABLE_EVENT_TYPES.includes(pattern)) return true;
  return pattern.endsWith('.*') && SUBSCRIBABLE_EVENT_TYPES.some((type) => type.startsWith(pattern.slice(0, -1)));
}

/** Event filters are exact types, `*`, or a family such as `secret.*`. */
export function validateEventPatterns(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' && PATTERN.test(item))) {
    throw new ApiError(422, 'validation_error', `${field} must be a non-empty list of event types such as secret.rotated or secret.*`, {
      fields: { [field]: 'non-empty list of event types' },
      known_event_types: EVENT_TYPES,
    });
  }
  const unknown = (value as string[]).filter((pattern) => !isKnownPattern(pattern));
  if (unknown.length > 0) {
    throw new ApiError(
      422,
      'validation_error',
      `${field} names unknown event types: ${unknown.join(', ')}; valid: ${SUBSCRIBABLE_EVENT_TYPES.join(', ')}, a family such as secret.*, or *`,
      {
        fields: { [field]: `unknown event types: ${unknown.join(', ')}` },
        known_event_types: SUBSCRIBABLE_EVENT_TYPES,
      },
    );
  }
  return value as string[];
}

export function eventMatches(patterns: string[], type: string): boolean {
  return patterns.some(
    (pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}
