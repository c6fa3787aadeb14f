import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { RunCommand } from './commands/run.js';

export default definePlugin({
  name: '@scaivault/plugin-run',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [RunCommand],
});
