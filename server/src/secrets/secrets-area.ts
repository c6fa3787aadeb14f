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
  // secret-policies: a secret may name the policy that generates its values.
  dependsOn: ['events', 'policies', 'secret-policies'],
  migrations: SECRETS_MIGRATIONS,
  create: ({ events, 'secret-policies': secretPolicies }, { store, sealer, clock }) => {
    const secrets = new SecretsService(store, sealer, events, clock);
    secrets.references.register('secret_policy', (tenantId, id) => secretPolicies.exists(tenantId, id));
    return secrets;
  },
  routes: registerSecretsRoutes,
  flush: (secrets) => secrets.flushAccessTimes(),
});
