// Every `/v1/pki/*` route (30-pki-dynamic.md §1a–1b, as decided in docs/api-decisions.md "PKI").
// Scopes: `pki:admin` manages CAs, roles, revocation and CSR review; `pki:issue` issues and signs
// under a role and submits CSRs; either reads certificates, roles, CSRs and trust anchors. The CRL,
// OCSP and CA-certificate URLs need no token: relying parties fetch them anonymously.
import type { FastifyInstance } from 'fastify';
import type { DependenciesOf } from '../modules/area-module.js';
import type { PkiService } from './pki-area.js';
import { registerCaRoutes } from './pki-ca-routes.js';
import { registerCertificateRoutes } from './pki-certificate-routes.js';
import { registerCsrRoutes } from './pki-csr-routes.js';

export function registerPkiRoutes(app: FastifyInstance, service: PkiService, deps: DependenciesOf<'policies'>): void {
  registerCaRoutes(app, service, deps.policies.access);
  registerCertificateRoutes(app, service, deps.policies.access);
  registerCsrRoutes(app, service, deps.policies.access);
}
