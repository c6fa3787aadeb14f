/** The identity fields `auth whoami` and `auth login` show, in this order, when present. */
export function identityPairs(identity: Record<string, unknown>): Array<[string, unknown]> {
  const order = [
    'identity_id',
    'identity_type',
    'display_name',
    'tenant_id',
    'partner_id',
    'scopes',
    'groups',
    'roles',
    'token_expires_at',
  ];
  return order
    .filter((key) => identity[key] !== undefined)
    .map((key) => [key, Array.isArray(identity[key]) ? (identity[key] as unknown[]).join(', ') : identity[key]]);
}
