import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { ScaiKeyRegisterCommand } from './commands/scaikey-register.js';
import { ScaiKeyStatusCommand } from './commands/scaikey-status.js';
import { ScaiKeySyncCommand } from './commands/scaikey-sync.js';
import { ScaiKeySyncStatusCommand } from './commands/scaikey-sync-status.js';

export default definePlugin({
  name: '@scaivault/plugin-scaikey',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [ScaiKeyRegisterCommand, ScaiKeyStatusCommand, ScaiKeySyncCommand, ScaiKeySyncStatusCommand],
});
