import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { PkiCaCertCommand } from './commands/pki-ca-cert.js';
import { PkiCaCreateCommand } from './commands/pki-ca-create.js';
import { PkiCaListCommand } from './commands/pki-ca-list.js';
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
import { PkiVerifyCommand } from './commands/pki-verify.js';

export default definePlugin({
  name: '@scaivault/plugin-pki',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    PkiCaListCommand,
    PkiCaCreateCommand,
    PkiCaCertCommand,
    PkiCertsIssueCommand,
    PkiCertsSignCommand,
    PkiCertsListCommand,
    PkiCertsRevokeCommand,
    PkiCsrCreateCommand,
    PkiCsrSubmitCommand,
    PkiCsrListCommand,
    PkiCsrApproveCommand,
    PkiCsrSignCommand,
    PkiInspectCommand,
    PkiVerifyCommand,
  ],
});
