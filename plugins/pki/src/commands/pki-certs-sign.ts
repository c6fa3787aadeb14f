import { readFileOrStdin, ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { checkOutputFiles } from '../files/write-files.js';
import { deliverIssued } from '../issued-output.js';
import { parseValidityDays, requireId, ttlFromDays } from '../input/pki-input.js';
import { checkCsrText } from '../csr-file.js';

export class PkiCertsSignCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'certs', 'sign']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Have a CSR signed under a role (the key stays with you)',
    details:
      'Only the CSR is sent. The role decides which names, key and lifetime are allowed; anything else the CSR asks for is dropped. `-` reads the CSR from stdin.',
    examples: [['Sign a CSR made with `pki csr create`', 'scaivault pki certs sign ./tls/csr.pem --role svc-mtls --out-dir ./tls']],
  });

  file = Option.String({ name: 'csr-file' });
  role = Option.String('--role', { description: 'Sign under this role' });
  validityDays = Option.String('--validity-days', { description: 'Lifetime in days (capped by the role)' });
  outDir = Option.String('--out-dir', { description: 'Write cert.pem and chain.pem here' });
  force = Option.Boolean('--force', false, { description: 'Replace existing files in --out-dir' });

  async execute(): Promise<number> {
    if (this.role === undefined) throw new UsageError('--role is required');
    const role = requireId(this.role, 'role name');
    const ttl = this.validityDays === undefined ? undefined : ttlFromDays(parseValidityDays(this.validityDays));
    if (this.force && this.outDir === undefined) throw new UsageError('--force only applies with --out-dir');
    const fs = this.resolve(Tokens.FileSystem);
    const csrPem = await checkCsrText(await readFileOrStdin(this.file, this.file, { fs, stdin: this.context.stdin }), this.file);
    if (this.outDir !== undefined) checkOutputFiles(this.resolve(Tokens.FileSystem), this.outDir, ['cert.pem', 'chain.pem'], this.force);
    const client = await this.api();
    const signed = await client.pki.sign(role, { csr_pem: csrPem, ...(ttl ? { ttl } : {}) });
    await deliverIssued(signed, { output: this.output, fs, outDir: this.outDir, force: this.force, stderrIsTTY: false });
    return 0;
  }
}
