import type { Actor } from '../shared/actor.js';

/** The group every backend identity belongs to, so one binding can let all backends read their credentials. */
export const BACKENDS_GROUP = 'group:system:federation-backends';

/**
 * The identity a backend reads its credentials as: `federation:<backend name>`, not root, with
 * the `secrets:read` scope only, so an access policy (bound to it or to the group) decides whether
 * it may, and rotating the secret takes effect on the next use.
 */
export function backendActor(tenantId: string, backendName: string, requestId: string): Actor {
  return {
    tenantId,
    requestId,
    sourceIp: '127.0.0.1',
    identity: {
      id: `federation:${backendName}`,
      type: 'service_account',
      displayName: `federation backend ${backendName}`,
      tenantId,
      partnerId: 'ptn_dev',
      scopes: ['secrets:read'],
      groups: [BACKENDS_GROUP],
      roles: [],
      isRoot: false,
      mfaVerified: false,
      issuedAt: null,
      expiresAt: null,
    },
  };
}
