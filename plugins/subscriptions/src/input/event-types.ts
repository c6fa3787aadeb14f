import { UsageError } from '@scaivault/core';

/** The documented event catalogue: what `--events` may name, exactly or by family. */
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
  'certificate.issued',
  'certificate.renewed',
  'certificate.revoked',
  'certificate.expiring',
] as const;

/**
 * Checks one well-formed event pattern against the catalogue: an exact type, `*`, or a family
 * (`secret.*`, `policy.binding.*`) that at least one type belongs to. A typo such as
 * `secret.rotate` would otherwise make a subscription that never receives anything.
 */
export function checkEventType(pattern: string, flag: string): void {
  if (pattern === '*' || (EVENT_TYPES as readonly string[]).includes(pattern)) return;
  if (pattern.endsWith('.*') && EVENT_TYPES.some((type) => type.startsWith(pattern.slice(0, -1)))) return;
  throw new UsageError(
    `unknown event type ${JSON.stringify(pattern)} in ${flag}`,
    `use ${EVENT_TYPES.join(', ')}, a family such as secret.*, or *`,
  );
}
