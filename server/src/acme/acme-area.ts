import { defineArea } from '../modules/area-module.js';
import { AcmeAccounts } from './acme-accounts.js';
import { AcmeOrders } from './acme-orders.js';
import { OrderRunner } from './order-runner.js';
import { AcmeOrderWorker } from './order-worker.js';
import { PkiCertificateStore, type AcmeCertificateStore } from './issued-certificates.js';
import { registerAcmeRoutes } from './acme-routes.js';
import { ACME_MIGRATIONS } from './acme-migrations.js';

export interface AcmeService {
  accounts: AcmeAccounts;
  orders: AcmeOrders;
  certificates: AcmeCertificateStore;
  worker: AcmeOrderWorker;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    acme: AcmeService;
  }
}

/** ScaiVault as an ACME client: accounts at public or private CAs, dns-01 orders, and renewal before expiry. */
export const acmeArea = defineArea({
  name: 'acme',
  // dns-providers: every challenge is written through one; events and audit: what orders and renewals report;
  // pki: issued certificates join the tenant's certificate list.
  dependsOn: ['policies', 'dns-providers', 'events', 'audit', 'pki'],
  migrations: ACME_MIGRATIONS,
  create: ({ 'dns-providers': providers, events, audit, pki }, { store, sealer, clock, settings, log }) => {
    const pollMs = settings.acmePollIntervalMs;
    const certificates = new PkiCertificateStore(store, sealer, clock, pki.certificates);
    const accounts = new AcmeAccounts(store, sealer, clock, pollMs);
    const orders = new AcmeOrders(store, clock, certificates);
    const runner = new OrderRunner({ accounts, orders, providers, certificates, events, audit, clock, pollMs, log });
    const worker = new AcmeOrderWorker(store, clock, orders, runner, certificates, settings.acmeRenewWindowMs, log);
    return { accounts, orders, certificates, worker };
  },
  routes: registerAcmeRoutes,
  start: ({ worker }, { settings }) => worker.start(settings.schedulerIntervalMs),
  stop: ({ worker }) => worker.stop(),
});
