import { randomUUID } from 'node:crypto';
import { ScaiVaultCommand, parseDuration, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { CreatedApiKey } from '@scaivault/core/sdk';
import { requireId, requireName } from '../input/names.js';
import { storeKeyOrRevoke } from '../key-storage.js';

export class ServiceAccountsCreateKeyCommand extends ScaiVaultCommand {
  static override paths = [['service-accounts', 'create-key']];
  static override effect = 'write' as const;
  static override reveals = ['key'];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Service accounts',
    description: 'Create an API key for a service account; its value is shown exactly once',
    details: `
      Without \`--store-in\` the key is printed once and can never be read again: store it before closing the terminal
      (\`--field key\` prints only the value). With \`--store-in PATH\` the key is written into ScaiVault at PATH as an
      \`api_key\` secret (\`{"key", "key_id", "service_account_id"}\`) and not printed at all. If that write fails the
      key is revoked at once; if revoking fails too, the value is printed on stderr with a warning, and the command
      exits non-zero either way.
    `,
    examples: [
      ['Create a key and see it once', 'scaivault service-accounts create-key sva_abc --name "Production Key"'],
      [
        'Store it in ScaiVault instead of printing it',
        'scaivault service-accounts create-key sva_abc --name "Production Key" --store-in ci/keys/prod',
      ],
      [
        'Hand the value to another tool',
        'scaivault service-accounts create-key sva_abc --name deploy --expires-in 90d --field key | gh secret set SCAIVAULT_TOKEN',
      ],
    ],
  });

  accountId = Option.String({ name: 'account-id' });
  name = Option.String('--name', { required: true, description: 'Name of the key, e.g. where it is used' });
  expiresIn = Option.String('--expires-in', { description: 'Stop working after this long, e.g. 90d' });
  storeIn = Option.String('--store-in', { description: 'Write the key into ScaiVault at this secret path instead of printing it' });

  async execute(): Promise<number> {
    const accountId = requireId(this.accountId, 'sva', 'service account id');
    const name = requireName(this.name);
    if (this.expiresIn !== undefined) parseDuration(this.expiresIn, '--expires-in');
    const storePath = this.storeIn === undefined ? undefined : requireSecretPath(this.storeIn, '--store-in');

    const client = await this.api();
    // The idempotency key lets a retried request return this same key instead of minting a second one.
    const key = await client.serviceAccounts.createKey(
      accountId,
      { name, ...(this.expiresIn ? { expires_in: this.expiresIn } : {}) },
      { idempotencyKey: randomUUID() },
    );
    if (storePath === undefined) return this.printOnce(key);

    const stored = await storeKeyOrRevoke(client, this.output, { accountId, path: storePath, key });
    const { key: _plaintext, ...described } = key;
    this.output.success(
      `Created key ${key.id} (${key.name ?? name}) for ${accountId} and stored it at ${stored.path} (version ${stored.version}); it was not printed`,
      {
        ...described,
        stored_in: { path: stored.path, version: stored.version },
      },
    );
    return 0;
  }

  private printOnce(key: CreatedApiKey): number {
    this.output.object(key, {
      human: [
        ['key', key.key],
        ['id', key.id],
        ['name', key.name],
        ['service account', key.service_account_id],
        ['expires', key.expires_at ?? 'never'],
      ],
    });
    if (!this.output.json && this.field === undefined)
      this.output.warn('this is the only time the key is shown: store it now (or use --store-in next time)');
    return 0;
  }
}
