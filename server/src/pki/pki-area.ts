import { defineArea } from '../modules/area-module.js';
import { CertificateAuthorities } from './certificate-authorities.js';
import { CertificateRequests } from './certificate-requests.js';
import { CrlRefresher } from './crl-refresher.js';
import { IssuedCertificates } from './issued-certificates.js';
import { PKI_MIGRATIONS } from './pki-migrations.js';
import { PkiRoles } from './pki-roles.js';
import { registerPkiRoutes } from './pki-routes.js';
import { RevocationLists } from './revocation-lists.js';
import { SigningKeys } from './signing-keys.js';
import { TrustAnchors } from './trust-anchors.js';

export interface PkiService {
  cas: CertificateAuthorities;
  roles: PkiRoles;
  certificates: IssuedCertificates;
  csrs: CertificateRequests;
  trustAnchors: TrustAnchors;
  crls: RevocationLists;
  refresher: CrlRefresher;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    pki: PkiService;
  }
}

/** The tenant's certificate authorities: CAs, roles, issuing and signing, CSRs, CRLs, OCSP, trust anchors. */
export const pkiArea = defineArea({
  name: 'pki',
  dependsOn: ['events', 'policies'],
  migrations: PKI_MIGRATIONS,
  create: ({ events }, { store, clock, sealer, settings, log }) => {
    // Certificates point relying parties at this server; its address is known once it listens.
    const keys = new SigningKeys(sealer, () => settings.publicUrl);
    const crls = new RevocationLists(store, clock, keys);
    const cas = new CertificateAuthorities(store, clock, sealer, keys, crls, events);
    const certificates = new IssuedCertificates(store, clock, sealer, cas, crls, events);
    return {
      cas,
      roles: new PkiRoles(store, clock, cas),
      certificates,
      csrs: new CertificateRequests(store, clock, events, cas, certificates),
      trustAnchors: new TrustAnchors(store, clock),
      crls,
      refresher: new CrlRefresher(store, cas, crls, log),
    };
  },
  routes: registerPkiRoutes,
  start: ({ refresher }, { settings }) => refresher.start(settings.schedulerIntervalMs),
  stop: ({ refresher }) => refresher.stop(),
});
