import { defineArea } from '../modules/area-module.js';
import type { Clock } from '../shared/time.js';
import { IdentityCache } from './identity-cache.js';
import { IdentitySyncs } from './identity-sync.js';
import { ScaiKeyDirectoryClient } from './scaikey-directory-client.js';
import { ScaiKeyWebhookReceiver } from './scaikey-webhooks.js';
import { registerIdentityRoutes } from './identity-routes.js';
import { IDENTITY_MIGRATIONS } from './identity-migrations.js';

export interface IdentityService {
  cache: IdentityCache;
  syncs: IdentitySyncs;
  webhooks: ScaiKeyWebhookReceiver;
  webhookSecret: string | undefined;
  clock: Clock;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    identity: IdentityService;
  }
}

/**
 * The local cache of ScaiKey's partners, tenants, users, groups and memberships, kept current by
 * ScaiKey's signed webhooks and by sync runs; its group memberships feed policy evaluation.
 */
export const identityArea = defineArea({
  name: 'identity',
  // policies: a synced user's groups count for the policies bound to those groups.
  dependsOn: ['policies'],
  migrations: IDENTITY_MIGRATIONS,
  create: ({ policies }, { store, clock, settings, log }) => {
    const cache = new IdentityCache(store, clock);
    policies.evaluator.addGroupSource((tenantId, identityId) => cache.groupIdentitiesOf(tenantId, identityId));
    const directory = settings.scaikey?.clientId ? new ScaiKeyDirectoryClient(settings.scaikey, clock) : undefined;
    return {
      cache,
      syncs: new IdentitySyncs(store, clock, cache, directory, log),
      webhooks: new ScaiKeyWebhookReceiver(store, clock, cache),
      webhookSecret: settings.scaikey?.webhookSecret,
      clock,
    };
  },
  routes: registerIdentityRoutes,
  start: ({ syncs }, { settings }) => syncs.start(settings.schedulerIntervalMs),
  stop: ({ syncs }) => syncs.stop(),
});
