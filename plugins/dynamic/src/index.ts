import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { DynamicCredsCommand } from './commands/dynamic-creds.js';
import { DynamicEnginesCreateCommand } from './commands/dynamic-engines-create.js';
import { DynamicEnginesDeleteCommand } from './commands/dynamic-engines-delete.js';
import { DynamicEnginesGetCommand } from './commands/dynamic-engines-get.js';
import { DynamicEnginesHealthCommand } from './commands/dynamic-engines-health.js';
import { DynamicEnginesListCommand } from './commands/dynamic-engines-list.js';
import { DynamicEnginesUpdateCommand } from './commands/dynamic-engines-update.js';
import { DynamicLeasesGetCommand } from './commands/dynamic-leases-get.js';
import { DynamicLeasesListCommand } from './commands/dynamic-leases-list.js';
import { DynamicLeasesRenewCommand } from './commands/dynamic-leases-renew.js';
import { DynamicLeasesRevokeCommand } from './commands/dynamic-leases-revoke.js';
import { DynamicRolesCreateCommand } from './commands/dynamic-roles-create.js';
import { DynamicRolesDeleteCommand } from './commands/dynamic-roles-delete.js';
import { DynamicRolesGetCommand } from './commands/dynamic-roles-get.js';
import { DynamicRolesListCommand } from './commands/dynamic-roles-list.js';

export default definePlugin({
  name: '@scaivault/plugin-dynamic',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    DynamicEnginesListCommand,
    DynamicEnginesGetCommand,
    DynamicEnginesCreateCommand,
    DynamicEnginesUpdateCommand,
    DynamicEnginesDeleteCommand,
    DynamicEnginesHealthCommand,
    DynamicRolesListCommand,
    DynamicRolesGetCommand,
    DynamicRolesCreateCommand,
    DynamicRolesDeleteCommand,
    DynamicCredsCommand,
    DynamicLeasesListCommand,
    DynamicLeasesGetCommand,
    DynamicLeasesRenewCommand,
    DynamicLeasesRevokeCommand,
  ],
});
