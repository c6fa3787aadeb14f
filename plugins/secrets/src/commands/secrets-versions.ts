import { ScaiVaultCommand, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';

export class SecretsVersionsCommand extends ScaiVaultCommand {
  static override paths = [['secrets', 'versions']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secrets',
    description: 'List the versions of a secret',
    examples: [
      ['Show versions', 'scaivault secrets versions app/db/credentials'],
      ['The current version number', 'scaivault secrets versions app/db/credentials --json | jq .current_version'],
    ],
  });

  secretPath = Option.String({ name: 'path' });

  async execute(): Promise<number> {
    const path = requireSecretPath(this.secretPath);
    const client = await this.api();
    const result = await client.secrets.versions(path);
    this.output.list(
      'versions',
      result.versions,
      [
        { header: 'version', value: (v) => v.version, align: 'right' },
        { header: 'current', value: (v) => (v.is_current ? 'yes' : '') },
        { header: 'created', value: (v) => v.created_at },
        { header: 'created by', value: (v) => v.created_by },
      ],
      { path: result.path ?? path, current_version: result.current_version ?? null },
    );
    return 0;
  }
}
