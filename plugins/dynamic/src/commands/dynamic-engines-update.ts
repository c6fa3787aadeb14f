import { ScaiVaultCommand, UsageError, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { enginePairs, requireName, ttlFlag } from '../dynamic-view.js';

export class DynamicEnginesUpdateCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'engines', 'update']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Change an engine’s connection, root-credentials path or TTLs',
    details: `
      Only the flags given change. A new connection URL or credentials path is tested before it is kept; if the test
      fails the engine stays as it was (exit 5).
    `,
    examples: [['Longer leases', 'scaivault dynamic engines update postgres-prod --max-ttl 48h']],
  });

  engine = Option.String({ name: 'engine' });
  connectionUrl = Option.String('--connection-url', { description: 'postgresql://{{username}}:{{password}}@host:port/db' });
  rootCredentialsPath = Option.String('--root-credentials-path', { description: 'Secret holding the login' });
  defaultTtl = Option.String('--default-ttl', { description: 'Lease TTL when a request names none' });
  maxTtl = Option.String('--max-ttl', { description: 'Longest lease, renewals included' });

  async execute(): Promise<number> {
    const name = requireName(this.engine, 'engine name');
    const config = {
      ...(this.connectionUrl !== undefined ? { connection_url: this.connectionUrl } : {}),
      ...(this.rootCredentialsPath !== undefined ? { root_credentials_path: requireSecretPath(this.rootCredentialsPath) } : {}),
    };
    const changes = {
      ...(Object.keys(config).length > 0 ? { config } : {}),
      ...(ttlFlag(this.defaultTtl, '--default-ttl') ? { default_ttl: this.defaultTtl! } : {}),
      ...(ttlFlag(this.maxTtl, '--max-ttl') ? { max_ttl: this.maxTtl! } : {}),
    };
    if (Object.keys(changes).length === 0)
      throw new UsageError('nothing to change', 'give --connection-url, --root-credentials-path, --default-ttl or --max-ttl');
    const client = await this.api();
    const engine = await client.dynamic.engines.update(name, changes);
    this.output.object(engine, { human: enginePairs(engine) });
    return 0;
  }
}
