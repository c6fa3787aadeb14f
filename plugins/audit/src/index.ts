import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { AuditExportCommand } from './commands/audit-export.js';
import { AuditExportsGetCommand } from './commands/audit-exports-get.js';
import { AuditExportsListCommand } from './commands/audit-exports-list.js';
import { AuditIdentityCommand } from './commands/audit-identity.js';
import { AuditQueryCommand } from './commands/audit-query.js';
import { AuditSummaryCommand } from './commands/audit-summary.js';
import { AuditTrailCommand } from './commands/audit-trail.js';

export default definePlugin({
  name: '@scaivault/plugin-audit',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    AuditQueryCommand,
    AuditTrailCommand,
    AuditIdentityCommand,
    AuditSummaryCommand,
    AuditExportCommand,
    AuditExportsListCommand,
    AuditExportsGetCommand,
  ],
});
