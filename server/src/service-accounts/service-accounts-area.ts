import { defineArea } from '../modules/area-module.js';
import { ServiceAccounts } from './service-accounts.js';
import { registerServiceAccountsRoutes } from './service-accounts-routes.js';
import { SERVICE_ACCOUNTS_MIGRATIONS } from './service-accounts-migrations.js';

declare module '../modules/area-module.js' {
  interface AreaServices {
    'service-accounts': ServiceAccounts;
  }
}

/** Service accounts and their `svk_` API keys. */
export const serviceAccountsArea = defineArea({
  name: 'service-accounts',
  // personal-tokens: deleting an account or revoking a key ends the access tokens minted from it.
  dependsOn: ['policies', 'personal-tokens'],
  migrations: SERVICE_ACCOUNTS_MIGRATIONS,
  create: ({ 'personal-tokens': personalTokens }, { store, clock }) => new ServiceAccounts(store, clock, personalTokens),
  routes: registerServiceAccountsRoutes,
});
