import { ScaiVaultCommand, Tokens, UsageError, readFileOrStdin } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireName, rolePairs, ttlFlag } from '../dynamic-view.js';

export class DynamicRolesCreateCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'roles', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'Create a role: the SQL that makes, renews and drops each generated login',
    details: `
      Statements are templates: \`{{name}}\` is the generated login (an identifier), \`{{password}}\` its password and
      \`{{expiration}}\` the lease's expiry (literals); ScaiVault fills them with the database driver's escaping, so
      write them bare (\`CREATE ROLE {{name}} LOGIN PASSWORD {{password}}\`) or quoted as Vault's examples do. The
      creation statements run in one transaction and must use \`{{name}}\`. Without revocation statements the login's
      objects are reassigned, its grants dropped and the role dropped; without renew statements renewal moves its
      \`VALID UNTIL\`. A file may hold several statements; \`-\` reads stdin.
    `,
    examples: [
      [
        'A read-only role from a file',
        'scaivault dynamic roles create postgres-prod --name readonly --creation-statements-file readonly.sql --default-ttl 1h --max-ttl 8h',
      ],
      [
        'Inline statements',
        "scaivault dynamic roles create postgres-prod --name readonly --creation-statement 'CREATE ROLE {{name}} LOGIN PASSWORD {{password}} VALID UNTIL {{expiration}}' --creation-statement 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO {{name}}'",
      ],
    ],
  });

  engine = Option.String({ name: 'engine' });
  name = Option.String('--name', { description: 'Role name, unique in the engine (required)' });
  creationFile = Option.String('--creation-statements-file', { description: 'SQL file run to create a login (or - for stdin)' });
  creation = Option.Array('--creation-statement', [], { description: 'One creation statement; repeat for more' });
  revocationFile = Option.String('--revocation-statements-file', { description: 'SQL file run to drop a login' });
  revocation = Option.Array('--revocation-statement', [], { description: 'One revocation statement; repeat for more' });
  renewFile = Option.String('--renew-statements-file', { description: 'SQL file run when a lease is renewed' });
  defaultTtl = Option.String('--default-ttl', { description: 'Lease TTL when a request names none (default: the engine’s)' });
  maxTtl = Option.String('--max-ttl', { description: 'Longest lease (never more than the engine’s max)' });

  async execute(): Promise<number> {
    const engine = requireName(this.engine, 'engine name');
    if (this.name === undefined) throw new UsageError('--name is required', 'e.g. --name readonly');
    const name = requireName(this.name, 'role name');
    const creation = await this.statements(this.creationFile, this.creation, '--creation-statements-file');
    if (creation === undefined)
      throw new UsageError('creation statements are required', 'give --creation-statements-file FILE or --creation-statement SQL');
    const revocation = await this.statements(this.revocationFile, this.revocation, '--revocation-statements-file');
    const renew = await this.statements(this.renewFile, [], '--renew-statements-file');
    const client = await this.api();
    const role = await client.dynamic.roles.create(engine, {
      name,
      creation_statements: creation,
      ...(revocation ? { revocation_statements: revocation } : {}),
      ...(renew ? { renew_statements: renew } : {}),
      ...(ttlFlag(this.defaultTtl, '--default-ttl') ? { default_ttl: this.defaultTtl! } : {}),
      ...(ttlFlag(this.maxTtl, '--max-ttl') ? { max_ttl: this.maxTtl! } : {}),
    });
    if (this.output.json || this.output.options.field !== undefined) this.output.object(role);
    else this.output.object(role, { human: rolePairs(role) });
    return 0;
  }

  /** A file's text as one template (it may hold several statements), or the inline ones; not both. */
  private async statements(file: string | undefined, inline: string[], flag: string): Promise<string[] | undefined> {
    if (file !== undefined && inline.length > 0) throw new UsageError(`give ${flag} or inline statements, not both`);
    if (inline.length > 0) return inline;
    if (file === undefined) return undefined;
    const text = await readFileOrStdin(file, `${flag} ${file}`, { fs: this.resolve(Tokens.FileSystem), stdin: this.context.stdin });
    if (text.trim() === '') throw new UsageError(`${flag} ${file} is empty`);
    return [text.trim()];
  }
}
