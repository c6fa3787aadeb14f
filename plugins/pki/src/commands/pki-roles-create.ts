import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { roleBody } from '../input/role-fields.js';

export class PkiRolesCreateCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'roles', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Create a role: which names, keys and lifetimes a CA issues',
    details: `
      \`--allowed-domain\` takes names and globs (\`*\` stays inside one label: \`*.internal\` allows \`db.internal\`),
      repeatable; \`--allow-subdomains\` also allows names below them. Issue and sign refuse anything outside the role,
      naming the value. Keys: \`--key-type ec|rsa|any\` and \`--key-bits\` (ec 256/384, rsa 2048/4096; for sign, RSA keys
      need at least that many bits).
    `,
    examples: [
      [
        'A role for service mTLS',
        'scaivault pki roles create --name svc-mtls --ca ca_int --allowed-domain "*.svc.cluster.local" --allowed-domain "*.internal" --max-ttl 720h',
      ],
    ],
  });

  name = Option.String('--name', { description: 'Role name (used in issue/sign)' });
  ca = Option.String('--ca', { description: 'The CA it issues from' });
  allowedDomain = Option.Array('--allowed-domain', [], { description: 'Allowed name or glob (repeatable)' });
  allowSubdomains = Option.Boolean('--allow-subdomains', false, { description: 'Also allow names below the allowed ones' });
  allowIpSans = Option.Boolean('--allow-ip-sans', false, { description: 'Allow IP address SANs' });
  maxTtl = Option.String('--max-ttl', { description: 'Longest lifetime, e.g. 720h' });
  keyType = Option.String('--key-type', { description: 'ec (default), rsa or any' });
  keyBits = Option.String('--key-bits', { description: 'ec: 256 or 384; rsa: 2048 or 4096' });
  requireCn = Option.Boolean('--require-cn', true, { description: 'Refuse requests without a CN (default; --no-require-cn to allow)' });
  storePrivateKeys = Option.Boolean('--store-private-keys', false, { description: 'Keep issued keys (encrypted) on the server' });
  extKeyUsage = Option.Array('--ext-key-usage', [], { description: 'server_auth, client_auth, code_signing, email_protection' });

  async execute(): Promise<number> {
    const body = roleBody(this);
    const client = await this.api();
    const role = await client.pki.roles.create(body);
    this.output.success(`Created role ${role.name} on ${role.ca_id ?? body.ca_id}`, role);
    return 0;
  }
}
