import { ScaiVaultCommand, renderTable } from '@scaivault/core';
import type { SecretPolicyTypes } from '@scaivault/core/sdk';

type Entry = Record<string, unknown>;

export class SecretPoliciesTypesCommand extends ScaiVaultCommand {
  static override paths = [['secret-policies', 'types']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secret policies',
    description: 'Show the policy types, generators and charsets a secret policy can use',
    details: `
      The catalogue the server supports: policy types (a hint for consumers; they do not limit the fields), generators
      with their config keys, and the charsets of the \`random\` generator. \`--json\` prints
      \`{"policy_types": [...], "generators": [...], "charsets": [...]}\`.
    `,
    examples: [
      ['Show the catalogue', 'scaivault secret-policies types'],
      ["A generator's config keys", 'scaivault secret-policies types --json | jq \'.generators[] | select(.name == "random")\''],
    ],
  });

  async execute(): Promise<number> {
    const client = await this.api();
    const catalogue = await client.secretPolicies.types();
    this.output.object(catalogue, { human: renderCatalogue(catalogue) });
    return 0;
  }
}

function renderCatalogue(catalogue: SecretPolicyTypes): string {
  const plain = (text: string) => text;
  const types = catalogue.policy_types as Entry[];
  const generators = (catalogue.generators ?? []) as Entry[];
  const charsets = (catalogue.charsets ?? []) as Entry[];
  const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : '');
  return [
    renderTable(
      types,
      [
        { header: 'policy type', value: (t) => t.name },
        { header: 'typical fields', value: (t) => list(t.typical_fields) },
        { header: 'description', value: (t) => t.description },
      ],
      plain,
    ),
    renderTable(
      generators,
      [
        { header: 'generator', value: (g) => g.name },
        { header: 'config keys', value: (g) => list(g.config_keys) },
        { header: 'description', value: (g) => g.description },
      ],
      plain,
    ),
    renderTable(
      charsets,
      [
        { header: 'charset', value: (c) => c.name },
        { header: 'characters', value: (c) => c.characters },
      ],
      plain,
    ),
  ].join('\n');
}
