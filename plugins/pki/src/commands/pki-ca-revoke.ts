import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { parseReason, requireId } from '../input/pki-input.js';

export class PkiCaRevokeCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'ca', 'revoke']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Revoke a CA and every certificate under it',
    details:
      'Cannot be undone: the CA stops issuing, and it and everything it signed (sub-CAs included) show as revoked. On a terminal this asks first; elsewhere it needs `--yes`.',
    examples: [['After a key compromise', 'scaivault pki ca revoke ca_int --reason ca_compromise --yes']],
  });

  id = Option.String({ name: 'ca-id' });
  reason = Option.String('--reason', { description: 'Why (default unspecified)' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'CA id');
    if (this.reason !== undefined && this.reason.trim() === '') throw new UsageError('--reason is empty');
    const reason = parseReason(this.reason ?? 'unspecified');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive)
        throw new UsageError(`revoking ${id} revokes every certificate under it and cannot be undone: add --yes to confirm`);
      if (!(await prompt.confirm(`Revoke CA ${id} and every certificate under it?`))) {
        this.output.info('Nothing revoked.');
        return 1;
      }
    }
    const client = await this.api();
    const ca = await client.pki.cas.revoke(id, reason);
    this.output.success(`Revoked CA ${ca.id} (${ca.revocation_reason ?? reason}) and every certificate under it`, ca);
    return 0;
  }
}
