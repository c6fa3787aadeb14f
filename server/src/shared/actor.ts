import type { Identity } from './identity.js';

/** Who does something, in which tenant, under which request: what services need for events and audit. */
export interface Actor {
  tenantId: string;
  identity: Identity;
  requestId: string;
  sourceIp: string;
}

/** The scheduler acts as a system identity, as documented (`system:rotation-scheduler`). */
export function systemActor(tenantId: string, name: string, requestId: string): Actor {
  return {
    tenantId,
    requestId,
    sourceIp: '127.0.0.1',
    identity: {
      id: `system:${name}`,
      type: 'service_account',
      displayName: name,
      tenantId,
      partnerId: 'ptn_dev',
      scopes: ['admin'],
      groups: [],
      roles: [],
      isRoot: true,
      mfaVerified: false,
      issuedAt: null,
      expiresAt: null,
    },
  };
}
