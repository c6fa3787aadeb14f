import { defineArea } from '../modules/area-module.js';
import { BackendRegistry } from './backend-registry.js';
import { BackendConnections } from './backend-connections.js';
import { SyncRunner } from './sync-runner.js';
import { SyncScheduler } from './sync-scheduler.js';
import { federationClaims } from './proxy-claims.js';
import { registerFederationRoutes } from './federation-routes.js';
import { FEDERATION_MIGRATIONS } from './federation-migrations.js';

export interface FederationService {
  registry: BackendRegistry;
  connections: BackendConnections;
  runner: SyncRunner;
  scheduler: SyncScheduler;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    federation: FederationService;
  }
}

/** Federation: other secret stores fronted by ScaiVault, read through (proxy) or copied in (sync). */
export const federationArea = defineArea({
  name: 'federation',
  // secrets: mapped paths are served through the secrets routes, and sync copies are secrets.
  // policies: a backend reads its credentials as federation:<name>, through the access policies.
  // audit: scheduled syncs have no request to audit them.
  dependsOn: ['secrets', 'policies', 'audit'],
  migrations: FEDERATION_MIGRATIONS,
  create: ({ secrets, policies, audit }, { store, clock, log }) => {
    const registry = new BackendRegistry(store, clock);
    const connections = new BackendConnections(registry, secrets, policies.access, clock);
    const runner = new SyncRunner(store, clock, registry, connections, secrets, audit, log);
    secrets.external.register(federationClaims(registry, connections, runner, secrets));
    return { registry, connections, runner, scheduler: new SyncScheduler(store, clock, registry, runner, log) };
  },
  routes: registerFederationRoutes,
  start: ({ scheduler }, { settings }) => scheduler.start(settings.schedulerIntervalMs),
  stop: async ({ scheduler, runner, connections }) => {
    await scheduler.stop();
    await runner.settled();
    connections.close();
  },
});
