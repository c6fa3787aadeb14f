import { ScaiVaultCommand, Tokens, UsageError, parseJsonInput, readJsonFile } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { GeneratorFieldInput, SecretPolicyType } from '@scaivault/core/sdk';
import { GENERATORS, POLICY_TYPES, parseGeneratorFields } from '../input/fields.js';

export class SecretPoliciesCreateCommand extends ScaiVaultCommand {
  static override paths = [['secret-policies', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secret policies',
    description: 'Create a secret policy: a recipe that generates the fields of a secret',
    details: `
      The recipe is a JSON array of fields, \`[{"name": "password", "generator": "random", "config": {...}}]\`, given
      inline with \`--fields\` or read with \`--fields-file FILE\` (\`-\` for stdin). It is checked before anything is sent.
      Generators: ${GENERATORS.join(', ')}; \`scaivault secret-policies types\` lists their config keys and the charsets.
      \`--type\` (${POLICY_TYPES.join(', ')}; default custom) is a hint for consumers and does not limit the fields.
      Try the recipe with \`secret-policies generate ID --show\`.
    `,
    examples: [
      [
        'A 32-character password',
        `scaivault secret-policies create --name "Strong Password" --type password --fields '[{"name":"password","generator":"random","config":{"length":32,"charset":"alphanumeric"}}]'`,
      ],
      ['An SSH key pair, from a file', 'scaivault secret-policies create --name "Deploy key" --type ssh_key --fields-file fields.json'],
    ],
  });

  name = Option.String('--name', { description: 'Policy name (the id is derived from it, e.g. sp_strong_password)' });
  type = Option.String('--type', { description: `Policy type: ${POLICY_TYPES.join(', ')} (default custom)` });
  fields = Option.String('--fields', { description: 'The fields as a JSON array' });
  fieldsFile = Option.String('--fields-file', { description: 'Read the fields JSON array from FILE, or - for stdin' });
  description = Option.String('--description', { description: 'What the policy is for' });
  inactive = Option.Boolean('--inactive', false, { description: 'Create it inactive (listed only with --include-inactive)' });

  async execute(): Promise<number> {
    if (this.name === undefined || this.name.trim() === '') throw new UsageError('--name is required', 'e.g. --name "Strong Password"');
    if (this.type !== undefined && !POLICY_TYPES.includes(this.type as SecretPolicyType)) {
      throw new UsageError(`invalid --type ${JSON.stringify(this.type)}`, `use one of ${POLICY_TYPES.join(', ')}`);
    }
    if ((this.fields === undefined) === (this.fieldsFile === undefined)) {
      throw new UsageError(
        this.fields === undefined ? 'no fields given' : 'give either --fields or --fields-file, not both',
        'give the fields as JSON with --fields, or --fields-file FILE',
      );
    }
    const fields = await this.readFields();

    const client = await this.api();
    const policy = await client.secretPolicies.create({
      name: this.name,
      policy_type: (this.type as SecretPolicyType | undefined) ?? 'custom',
      fields,
      ...(this.description ? { description: this.description } : {}),
      ...(this.inactive ? { is_active: false } : {}),
    });
    this.output.success(
      `Created secret policy ${policy.id} (${policy.name}); preview it with \`scaivault secret-policies generate ${policy.id} --show\``,
      policy,
    );
    return 0;
  }

  private async readFields(): Promise<GeneratorFieldInput[]> {
    if (this.fields !== undefined) return parseGeneratorFields(parseJsonInput(this.fields, '--fields'), '--fields');
    const { value, source } = await readJsonFile(this.fieldsFile!, '--fields-file', {
      fs: this.resolve(Tokens.FileSystem),
      stdin: this.context.stdin,
    });
    return parseGeneratorFields(value, source);
  }
}
