import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { SecretsDeleteCommand } from './commands/secrets-delete.js';
import { SecretsExpiringCommand } from './commands/secrets-expiring.js';
import { SecretsListCommand } from './commands/secrets-list.js';
import { SecretsReadCommand } from './commands/secrets-read.js';
import { SecretsRestoreCommand } from './commands/secrets-restore.js';
import { SecretsRotateCommand } from './commands/secrets-rotate.js';
import { SecretsVersionsCommand } from './commands/secrets-versions.js';
import { SecretsWriteCommand } from './commands/secrets-write.js';

export default definePlugin({
  name: '@scaivault/plugin-secrets',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    SecretsReadCommand,
    SecretsWriteCommand,
    SecretsListCommand,
    SecretsDeleteCommand,
    SecretsRestoreCommand,
    SecretsVersionsCommand,
    SecretsRotateCommand,
    SecretsExpiringCommand,
  ],
});
