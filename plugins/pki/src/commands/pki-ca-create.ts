import { ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { parseKeyShape, parseValidityDays, requireId, requireText } from '../input/pki-input.js';

export class PkiCaCreateCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'ca', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Create a root or intermediate CA',
    details: `
      A root CA by default; \`--parent ID\` makes an intermediate signed by that CA (\`--type intermediate\` is then
      implied). The CA key is made and kept by the server; it is never returned. An intermediate may not outlive its parent.
    `,
    examples: [
      ['A root CA for ten years', 'scaivault pki ca create --name "Root CA" --common-name "Acme Root CA" --validity-days 3650'],
      [
        'An EC intermediate under it',
        'scaivault pki ca create --name issuing --common-name "Acme Issuing CA" --parent ca_root_abc --key-type ec --validity-days 1825',
      ],
    ],
  });

  name = Option.String('--name', { description: 'Unique name within the tenant' });
  commonName = Option.String('--common-name', { description: 'The CA subject CN' });
  type = Option.String('--type', { description: 'root (default) or intermediate' });
  parent = Option.String('--parent', { description: 'Parent CA id (makes an intermediate)' });
  keyType = Option.String('--key-type', { description: 'rsa (default) or ec' });
  keySize = Option.String('--key-size', { description: 'rsa: 2048 or 4096; ec: 256 or 384' });
  validityDays = Option.String('--validity-days', { description: 'Days (default 3650 root, 1825 intermediate)' });

  async execute(): Promise<number> {
    if (this.name === undefined) throw new UsageError('--name is required');
    if (this.commonName === undefined) throw new UsageError('--common-name is required');
    const name = requireText(this.name, '--name', 128);
    const commonName = requireText(this.commonName, '--common-name');
    const type = this.type ?? (this.parent ? 'intermediate' : 'root');
    if (type !== 'root' && type !== 'intermediate')
      throw new UsageError(`--type must be root or intermediate, got ${JSON.stringify(this.type)}`);
    if (type === 'intermediate' && this.parent === undefined) throw new UsageError('an intermediate CA needs --parent <ca id>');
    if (type === 'root' && this.parent !== undefined) throw new UsageError('a root CA has no --parent');
    // The API's key default is RSA; an explicit size needs its type to be checked against.
    const key = this.keyType === undefined && this.keySize === undefined ? undefined : parseKeyShape(this.keyType ?? 'rsa', this.keySize);
    const body = {
      name,
      common_name: commonName,
      ca_type: type,
      ...(this.parent ? { parent_ca_id: requireId(this.parent, 'parent CA id') } : {}),
      ...(key ? { key_type: key.keyType, key_size: key.keyBits } : {}),
      ...(this.validityDays ? { validity_days: parseValidityDays(this.validityDays) } : {}),
    } as const;
    const client = await this.api();
    const ca = await client.pki.cas.create(body);
    this.output.success(
      `Created ${ca.ca_type ?? type} CA ${ca.id} (${ca.common_name ?? commonName}), valid until ${ca.valid_until ?? 'unknown'}`,
      ca,
    );
    return 0;
  }
}
