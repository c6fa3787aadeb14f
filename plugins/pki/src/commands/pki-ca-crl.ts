import { ScaiVaultCommand, Tokens, UsageError, writeFileAtomic } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';

export class PkiCaCrlCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'ca', 'crl']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: "Fetch a CA's current CRL (PEM or DER)",
    details: `
      The CRL the server publishes at the CA's CRL distribution point (rebuilt on every revocation and before it
      goes stale). \`--out FILE\` writes it atomically (a CRL is public: mode 0644); \`--format der\` needs \`--out\` or
      a redirect, it is refused on a terminal. Check a certificate against it with \`pki verify CERT --ca ROOT --crl FILE\`.
    `,
    examples: [
      ['Print it as PEM', 'scaivault pki ca crl ca_intermediate_abc'],
      ['Save the DER form', 'scaivault pki ca crl ca_intermediate_abc --format der --out issuing.crl'],
    ],
  });

  id = Option.String({ name: 'ca-id' });
  format = Option.String('--format', 'pem', { description: 'pem (default) or der' });
  out = Option.String('--out', { description: 'Write the CRL to this file instead of stdout' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'CA id');
    if (this.format !== 'pem' && this.format !== 'der')
      throw new UsageError(`--format must be pem or der, got ${JSON.stringify(this.format)}`);
    if (this.out !== undefined && this.out.trim() === '') throw new UsageError('--out is empty');
    if (this.format === 'der' && this.out === undefined && this.output.options.stdoutIsTTY && !this.output.json)
      throw new UsageError('--format der writes binary: give --out FILE or redirect it (> ca.crl)');
    const fs = this.resolve(Tokens.FileSystem);
    if (this.out !== undefined && fs.existsSync(this.out) && fs.statSync(this.out).isDirectory())
      throw new UsageError(`--out ${this.out} is a directory`);
    const client = await this.api();
    const crl = this.format === 'der' ? await client.pki.cas.crl(id, { format: 'der' }) : await client.pki.cas.crl(id);
    if (this.out !== undefined) {
      writeFileAtomic(fs, this.out, crl, { mode: 0o644, dirMode: 0o755 });
      this.output.success(`Wrote the CRL of ${id} (${this.format}) to ${this.out}`, { ca_id: id, format: this.format, file: this.out });
      return 0;
    }
    if (this.output.json) {
      this.output.object(
        typeof crl === 'string' ? { ca_id: id, crl_pem: crl } : { ca_id: id, crl_der_base64: Buffer.from(crl).toString('base64') },
      );
      return 0;
    }
    this.output.raw(typeof crl === 'string' && !crl.endsWith('\n') ? `${crl}\n` : crl);
    return 0;
  }
}
