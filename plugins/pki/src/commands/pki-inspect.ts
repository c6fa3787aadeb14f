import { LocalCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { readBinaryFile, readBinaryStdin } from '../binary-input.js';

export class PkiInspectCommand extends LocalCommand {
  static override paths = [['pki', 'inspect']];
  static override effect = 'read' as const;

  static override usage = LocalCommand.Usage({
    category: 'PKI',
    description: 'Describe a certificate, CSR or CRL (offline)',
    details:
      'PEM (one or more blocks) or DER, from a file or `-` for stdin: subject, SANs, validity with days left, key, usages, issuer, serial, fingerprints; for a CRL its number, next update and entries.',
    examples: [
      ['A certificate', 'scaivault pki inspect ./tls/cert.pem'],
      ['From stdin, as JSON', 'scaivault pki ca cert ca_root_abc | scaivault pki inspect - --json'],
    ],
  });

  file = Option.String({ name: 'file' });

  async execute(): Promise<number> {
    const fs = this.resolve(Tokens.FileSystem);
    const bytes = this.file === '-' ? await readBinaryStdin(this.context.stdin) : readBinaryFile(fs, this.file, this.file);
    const { describeAll, NotX509Error } = await import('../x509/describe-all.js');
    let described;
    try {
      described = await describeAll(bytes, new Date(this.resolve(Tokens.Clock).now()));
    } catch (error) {
      if (error instanceof NotX509Error)
        throw new UsageError(`${this.file === '-' ? 'stdin' : this.file} is not a certificate, CSR or CRL: ${error.message}`);
      throw error;
    }
    if (this.output.json || this.output.options.field !== undefined) {
      this.output.object(described.length === 1 ? described[0]! : { items: described });
      return 0;
    }
    const { humanView } = await import('../inspect-view.js');
    this.output.raw(described.map(humanView).join('\n'));
    return 0;
  }
}
