import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { ApiCommand } from './commands/api.js';

export default definePlugin({
  name: '@scaivault/plugin-api',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [ApiCommand],
});
