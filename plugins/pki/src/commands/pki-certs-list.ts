import { ScaiVaultCommand, printPage, parseInteger } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { parseExpiringWithin, requireId } from '../input/pki-input.js';
import { CERTIFICATE_COLUMNS } from '../pki-view.js';

export class PkiCertsListCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'certs', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'List issued certificates',
    details:
      'Revoked certificates are left out unless `--include-revoked`. Under `--json`: `{"certificates": [...], "cursor", "has_more"}`.',
    examples: [['Everything from one CA expiring within 30 days', 'scaivault pki certs list --ca-id ca_x --expiring-within 30d']],
  });

  caId = Option.String('--ca-id', { description: 'Only certificates of this CA' });
  expiringWithin = Option.String('--expiring-within', { description: 'Only those expiring within this duration (30d, 720h)' });
  includeRevoked = Option.Boolean('--include-revoked', false, { description: 'Include revoked certificates' });
  limit = Option.String('--limit', { description: 'Certificates per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });

  async execute(): Promise<number> {
    const caId = this.caId === undefined ? undefined : requireId(this.caId, 'CA id');
    const expiringWithin = this.expiringWithin === undefined ? undefined : parseExpiringWithin(this.expiringWithin);
    const limit = this.limit === undefined ? undefined : parseInteger(this.limit, '--limit', { min: 1, max: 1000 });
    const client = await this.api();
    const page = await client.pki.certificates.list({
      ...(caId ? { caId } : {}),
      ...(expiringWithin ? { expiringWithin } : {}),
      ...(this.includeRevoked ? { includeRevoked: true } : {}),
      ...(limit ? { limit } : {}),
      ...(this.cursor ? { cursor: this.cursor } : {}),
    });
    printPage(this.output, 'certificates', { rows: page.certificates, cursor: page.cursor, has_more: page.has_more }, CERTIFICATE_COLUMNS);
    return 0;
  }
}
