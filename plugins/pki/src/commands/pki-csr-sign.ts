import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { checkOutputFiles } from '../files/write-files.js';
import { deliverIssued } from '../issued-output.js';
import { parseValidityDays, requireId } from '../input/pki-input.js';

export class PkiCsrSignCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'csr', 'sign']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Sign an approved CSR with a CA',
    details: 'The CSR must be approved first (`pki csr approve`).',
    examples: [['Sign for 90 days', 'scaivault pki csr sign csr_abc --ca ca_x --validity-days 90']],
  });

  id = Option.String({ name: 'csr-id' });
  ca = Option.String('--ca', { description: 'The signing CA' });
  validityDays = Option.String('--validity-days', { description: 'Lifetime in days' });
  outDir = Option.String('--out-dir', { description: 'Write cert.pem and chain.pem here' });
  force = Option.Boolean('--force', false, { description: 'Replace existing files in --out-dir' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'CSR id');
    if (this.ca === undefined) throw new UsageError('--ca is required');
    const ca = requireId(this.ca, 'CA id');
    const days = this.validityDays === undefined ? undefined : parseValidityDays(this.validityDays);
    if (this.force && this.outDir === undefined) throw new UsageError('--force only applies with --out-dir');
    if (this.outDir !== undefined) checkOutputFiles(this.resolve(Tokens.FileSystem), this.outDir, ['cert.pem', 'chain.pem'], this.force);
    const client = await this.api();
    const signed = await client.pki.csrs.sign(id, { ca_id: ca, ...(days ? { validity_days: days } : {}) });
    await deliverIssued(signed, {
      output: this.output,
      fs: this.resolve(Tokens.FileSystem),
      outDir: this.outDir,
      force: this.force,
      stderrIsTTY: false,
    });
    return 0;
  }
}
