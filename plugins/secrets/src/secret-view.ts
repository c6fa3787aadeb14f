import type { Column } from '@scaivault/core';
import type { Secret, SecretSummary } from '@scaivault/core/sdk';

/** The human view of one secret: its facts, then its data, key by key. */
export function secretPairs(secret: Secret): Array<[string, unknown]> {
  const facts: Array<[string, unknown]> = [
    ['path', secret.path],
    ['version', secret.version],
    ['type', secret.secret_type],
  ];
  if (secret.expires_at) facts.push(['expires_at', secret.expires_at]);
  const data = Object.entries(secret.data ?? {}).map(([key, value]): [string, unknown] => [`data.${key}`, value]);
  return [...facts, ...data];
}

export const SECRET_COLUMNS: ReadonlyArray<Column<SecretSummary>> = [
  { header: 'path', value: (s) => s.path },
  { header: 'version', value: (s) => s.version, align: 'right' },
  { header: 'type', value: (s) => s.secret_type },
  { header: 'updated', value: (s) => s.updated_at },
];
