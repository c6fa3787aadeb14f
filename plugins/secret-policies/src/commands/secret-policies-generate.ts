import { ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/resource-id.js';

export class SecretPoliciesGenerateCommand extends ScaiVaultCommand {
  static override paths = [['secret-policies', 'generate']];
  static override effect = 'reveal' as const;
  static override reveals = ['data'];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secret policies',
    description: 'Preview what a secret policy generates (nothing is stored)',
    details: `
      Runs the recipe on the server and shows the result; nothing is stored and no secret changes. Without \`--show\` only
      the generated field names and lengths are printed, never the values (also under \`--json\`:
      \`{"policy_id", "fields": [{"name", "length"}]}\`). With \`--show\` the values are printed too (\`--json\` adds
      \`"data": {field: value}\`), and \`--field NAME\` prints one value raw, e.g. a PEM key with its line breaks.
      Key-pair generators on a field \`F\` produce \`F\` and \`F_public\`; \`bcrypt_hash\` produces \`F\` and \`F_hash\`.
    `,
    examples: [
      ['Check the shape of what a recipe makes', 'scaivault secret-policies generate sp_strong_password'],
      ['See the values', 'scaivault secret-policies generate sp_strong_password --show'],
      ['One value, raw', 'scaivault secret-policies generate sp_deploy_key --show --field deploy_key_public'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  show = Option.Boolean('--show', false, { description: 'Print the generated values' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'secret policy id');
    if (this.field !== undefined && !this.show) throw new UsageError('--field prints a generated value: add --show to print values');
    const client = await this.api();
    const preview = await client.secretPolicies.generate(id);
    const policyId = preview.policy_id ?? id;
    const fields = Object.entries(preview.data).map(([name, value]) => ({ name, length: typeof value === 'string' ? value.length : null }));

    if (this.show) {
      const pairs = Object.entries(preview.data).map(([name, value]): [string, unknown] => [name, value]);
      this.output.object(
        { policy_id: policyId, fields, data: preview.data },
        { fieldRoot: preview.data, human: pairs, verbatimKeys: true },
      );
      if (!this.output.json && this.field === undefined) this.output.info('A preview: nothing was stored.');
      return 0;
    }
    const human = fields.map(({ name, length }): [string, unknown] => [name, length === null ? 'generated' : `${length} characters`]);
    this.output.object({ policy_id: policyId, fields }, { human, verbatimKeys: true });
    if (!this.output.json) this.output.info(`Values hidden: add --show to print them (a preview: nothing was stored).`);
    return 0;
  }
}
