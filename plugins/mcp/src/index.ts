import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { McpCommand } from './commands/mcp.js';

export default definePlugin({
  name: '@scaivault/plugin-mcp',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [McpCommand],
});
