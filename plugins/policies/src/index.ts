import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { PoliciesBindCommand } from './commands/policies-bind.js';
import { PoliciesBindingsCommand } from './commands/policies-bindings.js';
import { PoliciesCreateCommand } from './commands/policies-create.js';
import { PoliciesDeleteCommand } from './commands/policies-delete.js';
import { PoliciesGetCommand } from './commands/policies-get.js';
import { PoliciesListCommand } from './commands/policies-list.js';
import { PoliciesTestCommand } from './commands/policies-test.js';
import { PoliciesUnbindCommand } from './commands/policies-unbind.js';

export default definePlugin({
  name: '@scaivault/plugin-policies',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    PoliciesListCommand,
    PoliciesGetCommand,
    PoliciesCreateCommand,
    PoliciesDeleteCommand,
    PoliciesBindCommand,
    PoliciesUnbindCommand,
    PoliciesBindingsCommand,
    PoliciesTestCommand,
  ],
});
