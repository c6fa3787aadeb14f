import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { FederationConflictsCommand } from './commands/federation-conflicts.js';
import { FederationCreateCommand } from './commands/federation-create.js';
import { FederationDeleteCommand } from './commands/federation-delete.js';
import { FederationGetCommand } from './commands/federation-get.js';
import { FederationListCommand } from './commands/federation-list.js';
import { FederationStatusCommand } from './commands/federation-status.js';
import { FederationSyncCommand } from './commands/federation-sync.js';

export default definePlugin({
  name: '@scaivault/plugin-federation',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    FederationListCommand,
    FederationGetCommand,
    FederationCreateCommand,
    FederationDeleteCommand,
    FederationStatusCommand,
    FederationSyncCommand,
    FederationConflictsCommand,
  ],
});
