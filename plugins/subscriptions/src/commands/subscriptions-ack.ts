import { ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireEventId, requireSubscriptionId } from '../input/subscription-input.js';

export class SubscriptionsAckCommand extends ScaiVaultCommand {
  static override paths = [['subscriptions', 'ack']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Subscriptions',
    description: 'Acknowledge events of a polling subscription so they are not delivered again',
    details: '`poll` acknowledges what it prints; use this after `poll --no-ack` once the events are processed.',
    examples: [
      ['Acknowledge two events', 'scaivault subscriptions ack sub_abc evt_01HK7X9ZA evt_01HK7X9ZB'],
      [
        'Acknowledge everything a peek returned',
        `scaivault subscriptions poll sub_abc --no-ack --json | jq -r '.events[].event_id' | xargs scaivault subscriptions ack sub_abc`,
      ],
    ],
  });

  subscriptionId = Option.String({ name: 'subscription-id' });
  eventIds = Option.Rest({ name: 'event-id' });

  async execute(): Promise<number> {
    const id = requireSubscriptionId(this.subscriptionId);
    if (this.eventIds.length === 0) throw new UsageError('no event ids to acknowledge', 'give one or more evt_... ids');
    const eventIds = [...new Set(this.eventIds.map((eventId) => requireEventId(eventId, 'event-id')))];
    const client = await this.api();
    const result = await client.subscriptions.ack(id, eventIds);
    const count = result.acknowledged ?? eventIds.length;
    this.output.success(
      `Acknowledged ${count} of ${eventIds.length} event(s) on ${id}${count < eventIds.length ? ' (the others were not queued)' : ''}`,
      {
        subscription_id: id,
        acknowledged: count,
      },
    );
    return 0;
  }
}
