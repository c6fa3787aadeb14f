import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { ServiceAccountsCreateCommand } from './commands/service-accounts-create.js';
import { ServiceAccountsCreateKeyCommand } from './commands/service-accounts-create-key.js';
import { ServiceAccountsDeleteCommand } from './commands/service-accounts-delete.js';
import { ServiceAccountsDeleteKeyCommand } from './commands/service-accounts-delete-key.js';
import { ServiceAccountsGetCommand } from './commands/service-accounts-get.js';
import { ServiceAccountsListCommand } from './commands/service-accounts-list.js';
import { ServiceAccountsListKeysCommand } from './commands/service-accounts-list-keys.js';

export default definePlugin({
  name: '@scaivault/plugin-service-accounts',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    ServiceAccountsCreateCommand,
    ServiceAccountsListCommand,
    ServiceAccountsGetCommand,
    ServiceAccountsDeleteCommand,
    ServiceAccountsCreateKeyCommand,
    ServiceAccountsListKeysCommand,
    ServiceAccountsDeleteKeyCommand,
  ],
});
