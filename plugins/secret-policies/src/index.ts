import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { SecretPoliciesCreateCommand } from './commands/secret-policies-create.js';
import { SecretPoliciesDeleteCommand } from './commands/secret-policies-delete.js';
import { SecretPoliciesGenerateCommand } from './commands/secret-policies-generate.js';
import { SecretPoliciesGetCommand } from './commands/secret-policies-get.js';
import { SecretPoliciesListCommand } from './commands/secret-policies-list.js';
import { SecretPoliciesTypesCommand } from './commands/secret-policies-types.js';

export default definePlugin({
  name: '@scaivault/plugin-secret-policies',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    SecretPoliciesListCommand,
    SecretPoliciesGetCommand,
    SecretPoliciesTypesCommand,
    SecretPoliciesCreateCommand,
    SecretPoliciesDeleteCommand,
    SecretPoliciesGenerateCommand,
  ],
});
