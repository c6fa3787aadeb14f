import type { Actor } from '../shared/actor.js';

/** The group every engine identity belongs to, so one binding can serve all engines. */
export const ENGINES_GROUP = 'group:system:dynamic-engines';

/**
 * The identity an engine reads its root credentials as: `dynamic:<engine>`, not root, with the
 * `secrets:read` scope only. Whether it may read is up to the access policies bound to it (or to
 * the `group:system:dynamic-engines` group), like any other identity.
 */
export function engineActor(tenantId: string, engine: string, requestId: string): Actor {
  return {
    tenantId,
    requestId,
    sourceIp: '127.0.0.1',
    identity: {
      id: `dynamic:${engine}`,
      type: 'service_account',
      displayName: `dynamic engine ${engine}`,
      tenantId,
      partnerId: 'ptn_dev',
      scopes: ['secrets:read'],
      groups: [ENGINES_GROUP],
      roles: [],
      isRoot: false,
      mfaVerified: false,
      issuedAt: null,
      expiresAt: null,
    },
  };
}
