import { defineArea } from '../modules/area-module.js';
import { SecretsService } from './secrets-service.js';
import { registerSecretsRoutes } from './secrets-routes.js';
import { SECRETS_MIGRATIONS } from './secrets-migrations.js';

declare module '../modules/area-module.js' {
  interface AreaServices {
    secrets: SecretsService;
  }
}

/** Secrets and their versions, sealed under the master key. */
export const secretsArea = defineArea({
  name: 'secrets',
  dependsOn: ['events', 'policies'],
  migrations: SECRETS_MIGRATIONS,
  create: ({ events }, { store, sealer, clock }) => new SecretsService(store, sealer, events, clock),
  routes: registerSecretsRoutes,
  flush: (secrets) => secrets.flushAccessTimes(),
});
