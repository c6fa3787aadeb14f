import { defineArea } from '../modules/area-module.js';
import { DynamicEngines } from './engines.js';
import { DynamicRoles } from './roles.js';
import { DynamicLeases } from './leases.js';
import { LeaseReaper } from './lease-reaper.js';
import { PostgresTarget } from './postgres-target.js';
import { registerDynamicRoutes } from './dynamic-routes.js';
import { DYNAMIC_MIGRATIONS } from './dynamic-migrations.js';

export interface DynamicService {
  engines: DynamicEngines;
  roles: DynamicRoles;
  leases: DynamicLeases;
  reaper: LeaseReaper;
  target: PostgresTarget;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    dynamic: DynamicService;
  }
}

/** Dynamic secrets: engines that create short-lived database logins on demand, and the leases that revoke them. */
export const dynamicArea = defineArea({
  name: 'dynamic',
  // secrets + policies: an engine reads its root credentials from a secret, as dynamic:<engine>, through the access policies.
  // audit: the reaper's revocations have no request to audit them.
  dependsOn: ['secrets', 'policies', 'events', 'audit'],
  migrations: DYNAMIC_MIGRATIONS,
  create: ({ secrets, policies, events, audit }, { store, clock, log }) => {
    const target = new PostgresTarget();
    const engines = new DynamicEngines(store, clock, secrets, policies.access, target);
    const roles = new DynamicRoles(store, clock);
    const leases = new DynamicLeases(store, clock, engines, roles, target, events, audit);
    return { engines, roles, leases, target, reaper: new LeaseReaper(store, clock, leases, log) };
  },
  routes: registerDynamicRoutes,
  start: ({ reaper }, { settings }) => reaper.start(settings.schedulerIntervalMs),
  stop: async ({ reaper, target }) => {
    await reaper.stop();
    await target.close();
  },
});
