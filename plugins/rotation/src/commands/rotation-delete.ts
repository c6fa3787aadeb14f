import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/ids.js';

export class RotationDeleteCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'Delete a rotation policy (its secrets are detached, not deleted)',
    details: `
      The secrets the policy covers stay as they are but are no longer rotated. On a terminal this asks for
      confirmation; elsewhere it needs \`--yes\` (or \`--force\`). To pause a policy instead, use \`rotation disable\`.
    `,
    examples: [
      ['Delete a policy', 'scaivault rotation delete rot_quarterly'],
      ['In a script', 'scaivault rotation delete rot_quarterly --yes'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting ${id} detaches all its secrets: add --yes to confirm`);
      if (!(await prompt.confirm(`Delete rotation policy ${id} and detach its secrets?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.rotation.delete(id);
    this.output.success(`Deleted rotation policy ${id}; its secrets are no longer rotated`, { id, deleted: true });
    return 0;
  }
}
