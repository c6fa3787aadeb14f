import { ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { parseReason, requireId } from '../input/pki-input.js';

export class PkiCertsRevokeCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'certs', 'revoke']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Revoke a certificate (RFC 5280 reason)',
    details:
      'The CA publishes a new CRL at once and its OCSP responder answers `revoked`. Reasons: unspecified, key_compromise, ca_compromise, affiliation_changed, superseded, cessation_of_operation, certificate_hold, privilege_withdrawn, aa_compromise.',
    examples: [['Revoke a leaked certificate', 'scaivault pki certs revoke cert_xyz --reason key_compromise']],
  });

  id = Option.String({ name: 'certificate-id' });
  reason = Option.String('--reason', { description: 'Why (default unspecified)' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'certificate id');
    if (this.reason !== undefined && this.reason.trim() === '') throw new UsageError('--reason is empty');
    const reason = parseReason(this.reason ?? 'unspecified');
    const client = await this.api();
    const cert = await client.pki.certificates.revoke(id, reason);
    this.output.success(`Revoked ${cert.id} (${cert.revocation_reason ?? reason})`, cert);
    return 0;
  }
}
