import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { TpmBackupCommand } from './commands/tpm-backup.js';
import { TpmInitCommand } from './commands/tpm-init.js';
import { TpmRestoreCommand } from './commands/tpm-restore.js';
import { TpmStatusCommand } from './commands/tpm-status.js';

export default definePlugin({
  name: '@scaivault/plugin-tpm',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [TpmInitCommand, TpmStatusCommand, TpmBackupCommand, TpmRestoreCommand],
});
