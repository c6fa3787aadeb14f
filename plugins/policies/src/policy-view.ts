import type { Column } from '@scaivault/core';
import type { Policy, PolicyBinding, PolicyRule } from '@scaivault/core/sdk';

export const POLICY_COLUMNS: ReadonlyArray<Column<Policy>> = [
  { header: 'id', value: (p) => p.id },
  { header: 'name', value: (p) => p.name },
  { header: 'rules', value: (p) => p.rule_count ?? p.rules?.length, align: 'right' },
  { header: 'bindings', value: (p) => p.binding_count ?? p.bindings?.length, align: 'right' },
  { header: 'active', value: (p) => yesNo(p.is_active) },
  { header: 'updated', value: (p) => p.updated_at },
];

export const BINDING_COLUMNS: ReadonlyArray<Column<PolicyBinding>> = [
  { header: 'id', value: (b) => b.id },
  { header: 'identity', value: (b) => b.identity_id },
  { header: 'type', value: (b) => b.identity_type },
  { header: 'expires', value: (b) => b.expires_at ?? 'never' },
  { header: 'created', value: (b) => b.created_at },
];

/** `environments/production/** → read, list (require_mfa, ip_ranges 10.0.0.0/8)` */
export function describeRule(rule: PolicyRule): string {
  const conditions = Object.entries(rule.conditions ?? {}).map(([name, value]) => {
    if (value === true) return name;
    if (Array.isArray(value)) return `${name} ${value.join(' ')}`;
    return `${name} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
  });
  return `${rule.path_pattern} → ${rule.permissions.join(', ')}${conditions.length > 0 ? ` (${conditions.join(', ')})` : ''}`;
}

/** The human view of one policy: its facts, each rule, each binding. */
export function policyPairs(policy: Policy): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [
    ['id', policy.id],
    ['name', policy.name],
  ];
  if (policy.description) pairs.push(['description', policy.description]);
  pairs.push(['scope', policy.scope], ['active', yesNo(policy.is_active)]);
  (policy.rules ?? []).forEach((rule, index) => pairs.push([`rule ${index}`, describeRule(rule)]));
  const bindings = policy.bindings ?? [];
  if (bindings.length === 0) pairs.push(['bindings', 'none']);
  for (const binding of bindings) pairs.push(['binding', `${binding.identity_id} (${binding.id ?? binding.identity_type})`]);
  pairs.push(['created', policy.created_at], ['updated', policy.updated_at]);
  return pairs;
}

function yesNo(value: boolean | null | undefined): string {
  return value === false ? 'no' : value === true ? 'yes' : '';
}
