/** Who a request acts as, resolved from its bearer token. */
export interface Identity {
  /** `user:root`, `user:alice@acme.example`, `sa:ci-pipeline` */
  id: string;
  type: 'user' | 'service_account';
  displayName: string;
  /** The tenant the credential belongs to; a request may target another only as root. */
  tenantId: string;
  partnerId: string;
  scopes: string[];
  groups: string[];
  roles: string[];
  /** The root token bypasses policy evaluation, like Vault's dev root token. */
  isRoot: boolean;
  mfaVerified: boolean;
  issuedAt: number | null;
  expiresAt: number | null;
}

export const DEFAULT_TENANT_ID = 'tnt_dev';
export const DEFAULT_PARTNER_ID = 'ptn_dev';
export const ROOT_IDENTITY_ID = 'user:root';

/** Every scope the documentation names; `admin` implies all of them. */
export const KNOWN_SCOPES = [
  'secrets:read',
  'secrets:write',
  'secrets:delete',
  'secrets:list',
  'secrets:rotate',
  'policies:read',
  'policies:write',
  'audit:read',
  'audit:export',
  'subscriptions:read',
  'subscriptions:write',
  'pki:issue',
  'pki:admin',
  'dynamic:read',
  'dynamic:manage',
  'federation:read',
  'federation:write',
  'identity:read',
  'identity:admin',
  'admin',
] as const;

/** Service-account roles (`--roles secrets-reader`) expand to these scopes. */
export const ROLE_SCOPES: Record<string, readonly string[]> = {
  'secrets-reader': ['secrets:read', 'secrets:list'],
  'secrets-writer': ['secrets:read', 'secrets:list', 'secrets:write', 'secrets:delete'],
  'secrets-rotator': ['secrets:read', 'secrets:list', 'secrets:rotate'],
  'policy-admin': ['policies:read', 'policies:write'],
  auditor: ['audit:read', 'audit:export'],
  subscriber: ['subscriptions:read', 'subscriptions:write'],
  admin: ['admin'],
};

export function rootIdentity(): Identity {
  return {
    id: ROOT_IDENTITY_ID,
    type: 'user',
    displayName: 'Root (local server)',
    tenantId: DEFAULT_TENANT_ID,
    partnerId: DEFAULT_PARTNER_ID,
    scopes: ['admin'],
    groups: [],
    roles: ['super_admin'],
    isRoot: true,
    mfaVerified: true,
    issuedAt: null,
    expiresAt: null,
  };
}

export function hasScope(identity: Identity, scope: string): boolean {
  return identity.isRoot || identity.scopes.includes('admin') || identity.scopes.includes(scope);
}
