import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireSubscriptionId } from '../input/subscription-input.js';

export class SubscriptionsDeleteCommand extends ScaiVaultCommand {
  static override paths = [['subscriptions', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Subscriptions',
    description: 'Delete a subscription and the events queued for it',
    details: 'On a terminal the command asks for confirmation; elsewhere it needs `--yes` (or `--force`).',
    examples: [
      ['Delete a subscription', 'scaivault subscriptions delete sub_abc'],
      ['In a script', 'scaivault subscriptions delete sub_abc --yes'],
    ],
  });

  subscriptionId = Option.String({ name: 'subscription-id' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const id = requireSubscriptionId(this.subscriptionId);
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting ${id} drops its queued events: add --yes to confirm`);
      if (!(await prompt.confirm(`Delete subscription ${id} and its queued events?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.subscriptions.delete(id);
    this.output.success(`Deleted subscription ${id}`, { id, deleted: true });
    return 0;
  }
}
