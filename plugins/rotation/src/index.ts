import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { RotationAssignCommand } from './commands/rotation-assign.js';
import { RotationCreateCommand } from './commands/rotation-create.js';
import { RotationDeleteCommand } from './commands/rotation-delete.js';
import { RotationDisableCommand } from './commands/rotation-disable.js';
import { RotationDueCommand } from './commands/rotation-due.js';
import { RotationEnableCommand } from './commands/rotation-enable.js';
import { RotationGetCommand } from './commands/rotation-get.js';
import { RotationHistoryCommand } from './commands/rotation-history.js';
import { RotationListCommand } from './commands/rotation-list.js';
import { RotationTriggerCommand } from './commands/rotation-trigger.js';
import { RotationUnassignCommand } from './commands/rotation-unassign.js';
import { RotationUpdateCommand } from './commands/rotation-update.js';

export default definePlugin({
  name: '@scaivault/plugin-rotation',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    RotationListCommand,
    RotationGetCommand,
    RotationCreateCommand,
    RotationUpdateCommand,
    RotationDeleteCommand,
    RotationEnableCommand,
    RotationDisableCommand,
    RotationAssignCommand,
    RotationUnassignCommand,
    RotationTriggerCommand,
    RotationHistoryCommand,
    RotationDueCommand,
  ],
});
