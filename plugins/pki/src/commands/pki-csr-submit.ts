import { readFileOrStdin, ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { checkCsrText } from '../csr-file.js';

export class PkiCsrSubmitCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'csr', 'submit']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Submit a CSR for review (the key stays with you)',
    details: 'Only the CSR is sent; it waits as `pending` until approved. `-` reads it from stdin.',
    examples: [['Submit', 'scaivault pki csr submit ./tls/csr.pem --comment "billing API"']],
  });

  file = Option.String({ name: 'csr-file' });
  comment = Option.String('--comment', { description: 'A note for the reviewer' });

  async execute(): Promise<number> {
    if (this.comment !== undefined && this.comment.length > 1024) throw new UsageError('--comment must be at most 1024 characters');
    const fs = this.resolve(Tokens.FileSystem);
    const csrPem = await checkCsrText(await readFileOrStdin(this.file, this.file, { fs, stdin: this.context.stdin }), this.file);
    const client = await this.api();
    const csr = await client.pki.csrs.submit(csrPem, this.comment === undefined ? {} : { comment: this.comment });
    this.output.success(`Submitted ${csr.id} (${csr.status})`, csr);
    return 0;
  }
}
