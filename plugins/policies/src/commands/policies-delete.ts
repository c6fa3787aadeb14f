import { CliError, ExitCode, ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/resource-id.js';

export class PoliciesDeleteCommand extends ScaiVaultCommand {
  static override paths = [['policies', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Policies',
    description: 'Delete an access policy',
    details: `
      A policy that is still bound to identities is kept (exit 1, \`policy_in_use\`) unless \`--with-bindings\` is given,
      which removes its bindings too: everyone it granted access loses it. Deleting cannot be undone: on a terminal the
      command asks for confirmation; elsewhere it needs \`--yes\` (or \`--force\`).
    `,
    examples: [
      ['Delete a policy', 'scaivault policies delete pol_abc'],
      ['Delete it and its bindings, in a script', 'scaivault policies delete pol_abc --with-bindings --yes'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  withBindings = Option.Boolean('--with-bindings', false, { description: 'Also remove the policy from every identity it is bound to' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'policy id');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting ${id} cannot be undone: add --yes to confirm`);
      const question = this.withBindings ? `Delete policy ${id} and all its bindings?` : `Delete policy ${id}?`;
      if (!(await prompt.confirm(question))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    try {
      await client.policies.delete(id, { force: this.withBindings });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'policy_in_use') throw error;
      throw new CliError(`policy ${id} is still bound to identities; nothing deleted`, {
        exitCode: ExitCode.General,
        code: 'policy_in_use',
        hint: `see them with \`scaivault policies bindings ${id}\`; remove them with \`policies unbind\`, or delete with --with-bindings`,
      });
    }
    this.output.success(`Deleted policy ${id}${this.withBindings ? ' and its bindings' : ''}`, {
      id,
      deleted: true,
      with_bindings: this.withBindings,
    });
    return 0;
  }
}
