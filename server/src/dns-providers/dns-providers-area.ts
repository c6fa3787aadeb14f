import { defineArea } from '../modules/area-module.js';
import { DnsProviders } from './dns-providers.js';
import { registerDnsProviderRoutes } from './dns-providers-routes.js';
import { DNS_PROVIDERS_MIGRATIONS } from './dns-providers-migrations.js';

declare module '../modules/area-module.js' {
  interface AreaServices {
    'dns-providers': DnsProviders;
  }
}

/** DNS providers that write and remove the `_acme-challenge` TXT records of dns-01 challenges. */
export const dnsProvidersArea = defineArea({
  name: 'dns-providers',
  dependsOn: ['policies'],
  migrations: DNS_PROVIDERS_MIGRATIONS,
  create: (_deps, { store, sealer, clock, settings }) => new DnsProviders(store, sealer, clock, settings.dnsExecHooks),
  routes: (app, providers, deps, { settings }) => registerDnsProviderRoutes(app, providers, deps, settings.dnsExecHooks),
});
