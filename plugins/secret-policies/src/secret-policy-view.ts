import type { Column } from '@scaivault/core';
import type { GeneratorField, SecretPolicy } from '@scaivault/core/sdk';

export const SECRET_POLICY_COLUMNS: ReadonlyArray<Column<SecretPolicy>> = [
  { header: 'id', value: (p) => p.id },
  { header: 'name', value: (p) => p.name },
  { header: 'type', value: (p) => p.policy_type },
  { header: 'fields', value: (p) => (p.fields ?? []).map((field) => field.name).join(', ') },
  { header: 'active', value: (p) => (p.is_active === false ? 'no' : 'yes') },
  { header: 'updated', value: (p) => p.updated_at },
];

/** `random {"length":32,"charset":"alphanumeric"}` */
export function describeField(field: GeneratorField): string {
  const config = field.config && Object.keys(field.config).length > 0 ? ` ${JSON.stringify(field.config)}` : '';
  return `${field.generator}${config}`;
}

/** The human view of one secret policy: its facts, then one line per generated field. */
export function secretPolicyPairs(policy: SecretPolicy): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [
    ['id', policy.id],
    ['name', policy.name],
    ['type', policy.policy_type],
  ];
  if (policy.description) pairs.push(['description', policy.description]);
  pairs.push(['active', policy.is_active === false ? 'no' : 'yes']);
  for (const field of policy.fields ?? []) pairs.push([`field ${field.name}`, describeField(field)]);
  pairs.push(['created', policy.created_at], ['updated', policy.updated_at]);
  return pairs;
}
