import { defineArea } from '../modules/area-module.js';
import { SecretPolicies } from './secret-policies.js';
import { registerSecretPoliciesRoutes } from './secret-policies-routes.js';
import { SECRET_POLICIES_MIGRATIONS } from './secret-policies-migrations.js';

declare module '../modules/area-module.js' {
  interface AreaServices {
    'secret-policies': SecretPolicies;
  }
}

/** Secret policies: the generators that make secret values. */
export const secretPoliciesArea = defineArea({
  name: 'secret-policies',
  dependsOn: ['policies'],
  migrations: SECRET_POLICIES_MIGRATIONS,
  create: (_deps, { store, clock }) => new SecretPolicies(store, clock),
  routes: registerSecretPoliciesRoutes,
});
