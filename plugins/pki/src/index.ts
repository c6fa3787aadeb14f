import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { PkiCaCertCommand } from './commands/pki-ca-cert.js';
import { PkiCaCreateCommand } from './commands/pki-ca-create.js';
import { PkiCaCrlCommand } from './commands/pki-ca-crl.js';
import { PkiCaListCommand } from './commands/pki-ca-list.js';
import { PkiCaRevokeCommand } from './commands/pki-ca-revoke.js';
import { PkiCertsGetCommand } from './commands/pki-certs-get.js';
import { PkiCertsIssueCommand } from './commands/pki-certs-issue.js';
import { PkiCertsListCommand } from './commands/pki-certs-list.js';
import { PkiCertsRevokeCommand } from './commands/pki-certs-revoke.js';
import { PkiCertsSignCommand } from './commands/pki-certs-sign.js';
import { PkiCsrApproveCommand } from './commands/pki-csr-approve.js';
import { PkiCsrCreateCommand } from './commands/pki-csr-create.js';
import { PkiCsrListCommand } from './commands/pki-csr-list.js';
import { PkiCsrSignCommand } from './commands/pki-csr-sign.js';
import { PkiCsrSubmitCommand } from './commands/pki-csr-submit.js';
import { PkiInspectCommand } from './commands/pki-inspect.js';
import { PkiRolesCreateCommand } from './commands/pki-roles-create.js';
import { PkiRolesDeleteCommand } from './commands/pki-roles-delete.js';
import { PkiRolesGetCommand } from './commands/pki-roles-get.js';
import { PkiRolesListCommand } from './commands/pki-roles-list.js';
import { PkiVerifyCommand } from './commands/pki-verify.js';
import { PkiAcmeRegisterCommand } from './commands/pki-acme-register.js';
import { PkiAcmeIssueCommand } from './commands/pki-acme-issue.js';
import { PkiAcmeOrdersGetCommand } from './commands/pki-acme-orders-get.js';
import { PkiAcmeOrdersListCommand } from './commands/pki-acme-orders-list.js';
import { PkiDnsProvidersCreateCommand } from './commands/pki-dns-providers-create.js';
import { PkiDnsProvidersListCommand } from './commands/pki-dns-providers-list.js';
import { PkiDnsProvidersGetCommand } from './commands/pki-dns-providers-get.js';
import { PkiDnsProvidersDeleteCommand } from './commands/pki-dns-providers-delete.js';
import { PkiDnsProvidersUpdateCommand } from './commands/pki-dns-providers-update.js';

export default definePlugin({
  name: '@scaivault/plugin-pki',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    PkiCaListCommand,
    PkiCaCreateCommand,
    PkiCaCertCommand,
    PkiCaRevokeCommand,
    PkiCaCrlCommand,
    PkiRolesCreateCommand,
    PkiRolesListCommand,
    PkiRolesGetCommand,
    PkiRolesDeleteCommand,
    PkiCertsIssueCommand,
    PkiCertsSignCommand,
    PkiCertsListCommand,
    PkiCertsGetCommand,
    PkiCertsRevokeCommand,
    PkiCsrCreateCommand,
    PkiCsrSubmitCommand,
    PkiCsrListCommand,
    PkiCsrApproveCommand,
    PkiCsrSignCommand,
    PkiInspectCommand,
    PkiVerifyCommand,
    PkiAcmeRegisterCommand,
    PkiAcmeIssueCommand,
    PkiAcmeOrdersListCommand,
    PkiAcmeOrdersGetCommand,
    PkiDnsProvidersCreateCommand,
    PkiDnsProvidersListCommand,
    PkiDnsProvidersGetCommand,
    PkiDnsProvidersUpdateCommand,
    PkiDnsProvidersDeleteCommand,
  ],
});
