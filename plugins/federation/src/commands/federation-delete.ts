import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireBackend } from '../federation-view.js';

export class FederationDeleteCommand extends ScaiVaultCommand {
  static override paths = [['federation', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Federation',
    description: 'Remove a backend (the backend itself and its secrets are not touched)',
    details: `
      Its mapped paths stop being served from the backend at once. A sync-mode backend's local copies stay, as
      ordinary ScaiVault secrets: syncing and then deleting the backend is the cut-over from the old store. On a
      terminal this asks for confirmation; elsewhere it needs \`--yes\`.
    `,
    examples: [['Remove a backend', 'scaivault federation delete fed_abc --yes']],
  });

  backend = Option.String({ name: 'id' });
  yes = Option.Boolean('--yes', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const id = requireBackend(this.backend);
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting backend ${id} stops serving its paths: add --yes to confirm`);
      if (!(await prompt.confirm(`Remove federation backend ${id}?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.federation.delete(id);
    this.output.success(`Removed federation backend ${id}`, { id, deleted: true });
    return 0;
  }
}
