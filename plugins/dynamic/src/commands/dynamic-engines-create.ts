import { ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireSecretPath } from '@scaivault/core';
import { enginePairs, requireName, ttlFlag } from '../dynamic-view.js';

export class DynamicEnginesCreateCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'engines', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Create a database engine (the server opens a test connection first)',
    details: `
      The connection URL logs in as \`{{username}}:{{password}}\`: ScaiVault fills them from the secret at
      \`--root-credentials-path\` (fields \`username\` and \`password\`), read as the identity \`dynamic:<engine>\`, so a
      policy must grant that identity (or the group \`group:system:dynamic-engines\`) \`read\` on the path. The login needs
      CREATEROLE. If the test connection fails the engine is not created (exit 5) and the message says why.
    `,
    examples: [
      [
        'A PostgreSQL engine',
        "scaivault dynamic engines create --name postgres-prod --connection-url 'postgresql://{{username}}:{{password}}@db.internal:5432/app' --root-credentials-path infra/postgres/prod/root --default-ttl 1h --max-ttl 24h",
      ],
    ],
  });

  name = Option.String('--name', { description: 'Engine name, unique in the tenant (required)' });
  connectionUrl = Option.String('--connection-url', { description: 'postgresql://{{username}}:{{password}}@host:port/db (required)' });
  rootCredentialsPath = Option.String('--root-credentials-path', {
    description: 'Secret holding the login: username, password (required)',
  });
  plugin = Option.String('--plugin', 'postgresql', { description: 'Database plugin (default postgresql)' });
  defaultTtl = Option.String('--default-ttl', { description: 'Lease TTL when a request names none (server default 1h)' });
  maxTtl = Option.String('--max-ttl', { description: 'Longest lease, renewals included (server default 24h)' });

  async execute(): Promise<number> {
    if (this.name === undefined) throw new UsageError('--name is required', 'e.g. --name postgres-prod');
    if (this.connectionUrl === undefined)
      throw new UsageError('--connection-url is required', "e.g. --connection-url 'postgresql://{{username}}:{{password}}@db:5432/app'");
    if (this.rootCredentialsPath === undefined)
      throw new UsageError('--root-credentials-path is required', 'the secret with the login, e.g. infra/postgres/prod/root');
    const input = {
      name: requireName(this.name, 'engine name'),
      type: 'database',
      config: {
        plugin: this.plugin,
        connection_url: this.connectionUrl,
        root_credentials_path: requireSecretPath(this.rootCredentialsPath),
      },
      ...(ttlFlag(this.defaultTtl, '--default-ttl') ? { default_ttl: this.defaultTtl! } : {}),
      ...(ttlFlag(this.maxTtl, '--max-ttl') ? { max_ttl: this.maxTtl! } : {}),
    };
    const client = await this.api();
    const engine = await client.dynamic.engines.create(input);
    if (this.output.json || this.output.options.field !== undefined) this.output.object(engine);
    else this.output.object(engine, { human: [['created', `engine ${engine.name}`], ...enginePairs(engine).slice(1)] });
    return 0;
  }
}
