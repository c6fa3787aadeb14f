import { ScaiVaultCommand, Tokens, UsageError, parseDuration, readJsonFile, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { FederationBackendInput, FederationBackendType } from '@scaivault/core/sdk';
import { backendPairs } from '../federation-view.js';

const TYPES: readonly FederationBackendType[] = [
  'scaivault',
  'hashicorp-vault',
  'aws-secrets-manager',
  'azure-key-vault',
  'google-secret-manager',
];
/** The config flags each type takes; the server checks the values. */
const CONFIG_FLAGS: Record<string, readonly string[]> = {
  scaivault: ['--endpoint', '--credentials-path', '--tenant-id', '--no-tls-verify'],
  'hashicorp-vault': ['--endpoint', '--auth-method', '--auth-config-path', '--approle-mount', '--namespace', '--no-tls-verify'],
  'aws-secrets-manager': ['--region', '--credentials-path', '--endpoint'],
  'azure-key-vault': [],
  'google-secret-manager': [],
};

export class FederationCreateCommand extends ScaiVaultCommand {
  static override paths = [['federation', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Federation',
    description: 'Configure a backend: another store whose secrets ScaiVault serves under mapped paths',
    details: `
      \`--map GLOB=TEMPLATE\` (repeatable) maps ScaiVault paths to backend paths: \`external/hashicorp/**=secret/data/**\`
      serves \`external/hashicorp/app/db\` from \`secret/data/app/db\`. \`--mode proxy\` (the default) reads the backend on
      every read and refuses writes; \`--mode sync --sync-interval 15m\` keeps a sealed local copy, refreshed on that
      interval and by \`federation sync\`, and with \`--write-through\` sends local writes to the backend first.

      The backend's credentials are a ScaiVault secret, named by \`--credentials-path\` (scaivault: field \`token\`;
      aws-secrets-manager: \`access_key_id\`, \`secret_access_key\`, optional \`session_token\`) or \`--auth-config-path\`
      (hashicorp-vault: \`token\`, or \`role_id\` and \`secret_id\` for \`--auth-method approle\`). The backend reads it as
      the identity \`federation:<name>\`: bind a policy granting that identity (or the group
      \`group:system:federation-backends\`) \`read\` on the path first, or the backend is refused (exit 5).

      \`--file FILE\` (or \`-\` for stdin) sends a body as the API documents it instead of the flags. azure-key-vault and
      google-secret-manager are answered \`unsupported_backend_type\` (exit 5) by this server.
    `,
    examples: [
      [
        'Another ScaiVault, proxied',
        'scaivault federation create --name legacy --type scaivault --endpoint https://old-vault.internal --credentials-path infra/federation/legacy --map external/legacy/**=app/**',
      ],
      [
        'HashiCorp Vault with AppRole',
        'scaivault federation create --name hashicorp-production --type hashicorp-vault --endpoint https://vault.internal:8200 --auth-method approle --auth-config-path infra/hashicorp/approle-creds --map external/hashicorp/**=secret/data/**',
      ],
      [
        'AWS Secrets Manager, synced every 15 minutes',
        'scaivault federation create --name aws-prod --type aws-secrets-manager --region us-east-1 --credentials-path infra/aws/sm/reader --map external/aws/**=prod/** --mode sync --sync-interval 15m',
      ],
      ['From a file', 'scaivault federation create --file backend.json'],
    ],
  });

  file = Option.String('--file', { description: 'The documented JSON body (or - for stdin) instead of flags' });
  name = Option.String('--name', { description: 'Backend name, unique in the tenant' });
  type = Option.String('--type', { description: 'scaivault, hashicorp-vault or aws-secrets-manager' });
  mode = Option.String('--mode', { description: 'proxy (default) or sync' });
  map = Option.Array('--map', [], { description: 'GLOB=TEMPLATE, e.g. external/hashicorp/**=secret/data/** (repeatable)' });
  syncInterval = Option.String('--sync-interval', { description: 'How often a sync-mode backend is synced, e.g. 15m' });
  writeThrough = Option.Boolean('--write-through', false, { description: 'Sync mode: local writes go to the backend first' });
  endpoint = Option.String('--endpoint', {
    description: 'The backend URL (scaivault, hashicorp-vault; aws-secrets-manager: another endpoint)',
  });
  credentialsPath = Option.String('--credentials-path', { description: 'Secret holding the credentials (scaivault, aws-secrets-manager)' });
  authMethod = Option.String('--auth-method', { description: 'hashicorp-vault: token or approle' });
  authConfigPath = Option.String('--auth-config-path', { description: 'hashicorp-vault: secret holding the token or AppRole ids' });
  approleMount = Option.String('--approle-mount', { description: 'hashicorp-vault: where AppRole is mounted (default approle)' });
  namespace = Option.String('--namespace', { description: 'hashicorp-vault: Vault Enterprise namespace' });
  region = Option.String('--region', { description: 'aws-secrets-manager: the region, e.g. us-east-1' });
  tenantId = Option.String('--tenant-id', { description: 'scaivault: the tenant to read in the other server' });
  noTlsVerify = Option.Boolean('--no-tls-verify', false, { description: 'Do not verify the backend’s TLS certificate' });

  async execute(): Promise<number> {
    const body = this.file === undefined ? this.fromFlags() : await this.fromFile(this.file);
    const client = await this.api();
    const backend = await client.federation.create(body);
    if (this.output.json || this.output.options.field !== undefined) this.output.object(backend);
    else
      this.output.object(backend, { human: [['created', `backend ${backend.name} (${backend.id})`], ...backendPairs(backend).slice(1)] });
    return 0;
  }

  private given(): string[] {
    const flags: Array<[string, unknown]> = [
      ['--name', this.name],
      ['--type', this.type],
      ['--mode', this.mode],
      ['--map', this.map.length > 0 ? this.map : undefined],
      ['--sync-interval', this.syncInterval],
      ['--write-through', this.writeThrough || undefined],
      ['--endpoint', this.endpoint],
      ['--credentials-path', this.credentialsPath],
      ['--auth-method', this.authMethod],
      ['--auth-config-path', this.authConfigPath],
      ['--approle-mount', this.approleMount],
      ['--namespace', this.namespace],
      ['--region', this.region],
      ['--tenant-id', this.tenantId],
      ['--no-tls-verify', this.noTlsVerify || undefined],
    ];
    return flags.filter(([, value]) => value !== undefined).map(([flag]) => flag);
  }

  private async fromFile(file: string): Promise<FederationBackendInput> {
    const others = this.given();
    if (others.length > 0) throw new UsageError(`--file holds the whole backend: leave out ${others.join(', ')}`);
    const { value, source } = await readJsonFile(file, '--file', { fs: this.resolve(Tokens.FileSystem), stdin: this.context.stdin });
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new UsageError(`${source} must hold a JSON object: {"name", "type", "config", "path_mapping", "mode", ...}`);
    return value as FederationBackendInput;
  }

  private fromFlags(): FederationBackendInput {
    if (this.name === undefined)
      throw new UsageError('--name is required (or --file with the whole backend)', 'e.g. --name hashicorp-production');
    if (this.type === undefined) throw new UsageError('--type is required', `one of ${TYPES.slice(0, 3).join(', ')}`);
    if (!TYPES.includes(this.type as FederationBackendType))
      throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(this.type)}`);
    const mode = this.mode ?? 'proxy';
    if (mode !== 'proxy' && mode !== 'sync') throw new UsageError(`--mode must be proxy or sync, got ${JSON.stringify(mode)}`);
    if (this.map.length === 0) throw new UsageError('--map is required', 'e.g. --map external/hashicorp/**=secret/data/**');
    const pathMapping: Record<string, string> = {};
    for (const entry of this.map) {
      const equals = entry.indexOf('=');
      if (equals <= 0 || equals === entry.length - 1)
        throw new UsageError(`--map ${JSON.stringify(entry)} must be GLOB=TEMPLATE`, 'e.g. --map external/hashicorp/**=secret/data/**');
      pathMapping[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    if (mode === 'sync' && this.syncInterval === undefined) throw new UsageError('--mode sync needs --sync-interval, e.g. 15m');
    if (mode === 'proxy' && (this.syncInterval !== undefined || this.writeThrough))
      throw new UsageError('--sync-interval and --write-through go with --mode sync');
    if (this.syncInterval !== undefined) parseDuration(this.syncInterval, '--sync-interval');
    const allowed = CONFIG_FLAGS[this.type]!;
    const misplaced = this.given().filter(
      (flag) => Object.values(CONFIG_FLAGS).some((flags) => flags.includes(flag)) && !allowed.includes(flag),
    );
    if (misplaced.length > 0) throw new UsageError(`${misplaced.join(', ')} do not apply to --type ${this.type}`);
    const path = (value: string | undefined) => (value === undefined ? undefined : requireSecretPath(value));
    const config: Record<string, unknown> = {
      endpoint: this.endpoint,
      credentials_path: path(this.credentialsPath),
      auth_method: this.authMethod,
      auth_config_path: path(this.authConfigPath),
      approle_mount: this.approleMount,
      namespace: this.namespace,
      region: this.region,
      tenant_id: this.tenantId,
      ...(this.noTlsVerify ? { tls_verify: false } : {}),
    };
    return {
      name: this.name,
      type: this.type as FederationBackendType,
      config: Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)),
      path_mapping: pathMapping,
      mode,
      ...(this.syncInterval !== undefined ? { sync_interval: this.syncInterval } : {}),
      ...(this.writeThrough ? { write_through: true } : {}),
    };
  }
}
