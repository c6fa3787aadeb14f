import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { DevCommand } from './commands/dev.js';

export default definePlugin({
  name: '@scaivault/plugin-dev',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [DevCommand],
});
