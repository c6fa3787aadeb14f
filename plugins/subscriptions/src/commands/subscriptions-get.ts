import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { subscriptionPairs } from '../event-view.js';
import { requireSubscriptionId } from '../input/subscription-input.js';

export class SubscriptionsGetCommand extends ScaiVaultCommand {
  static override paths = [['subscriptions', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Subscriptions',
    description: 'Show one subscription: paths, events, delivery and queued events',
    examples: [
      ['Show a subscription', 'scaivault subscriptions get sub_abc'],
      ['How many events wait to be polled', 'scaivault subscriptions get sub_abc --field queued_events'],
    ],
  });

  subscriptionId = Option.String({ name: 'subscription-id' });

  async execute(): Promise<number> {
    const id = requireSubscriptionId(this.subscriptionId);
    const client = await this.api();
    const subscription = await client.subscriptions.get(id);
    this.output.object(subscription, { human: subscriptionPairs(subscription) });
    return 0;
  }
}
