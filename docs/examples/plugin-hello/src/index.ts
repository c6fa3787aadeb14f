import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { HelloGreetCommand } from './commands/hello-greet.js';
import { HelloTargetCommand } from './commands/hello-target.js';

export default definePlugin({
  name: 'scaivault-plugin-hello',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [HelloGreetCommand, HelloTargetCommand],
});
