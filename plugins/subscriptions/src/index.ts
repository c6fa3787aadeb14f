import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { SubscriptionsAckCommand } from './commands/subscriptions-ack.js';
import { SubscriptionsCreateCommand } from './commands/subscriptions-create.js';
import { SubscriptionsDeleteCommand } from './commands/subscriptions-delete.js';
import { SubscriptionsGetCommand } from './commands/subscriptions-get.js';
import { SubscriptionsListCommand } from './commands/subscriptions-list.js';
import { SubscriptionsPollCommand } from './commands/subscriptions-poll.js';

export default definePlugin({
  name: '@scaivault/plugin-subscriptions',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    SubscriptionsCreateCommand,
    SubscriptionsListCommand,
    SubscriptionsGetCommand,
    SubscriptionsDeleteCommand,
    SubscriptionsPollCommand,
    SubscriptionsAckCommand,
  ],
});
