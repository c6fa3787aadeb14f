import { LocalCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { writeOutputFiles } from '../files/write-files.js';
import { parseKeyShape, requireDnsName, splitSans } from '../input/pki-input.js';

export class PkiCsrCreateCommand extends LocalCommand {
  static override paths = [['pki', 'csr', 'create']];
  static override effect = 'write' as const;

  static override usage = LocalCommand.Usage({
    category: 'PKI',
    description: 'Make a key and a CSR on this machine (offline)',
    details:
      'Writes key.pem (mode 0600) and csr.pem into `--out-dir`; nothing is sent. Then `pki csr submit` or `pki certs sign` sends only the CSR.',
    examples: [['An EC P-256 key and CSR', 'scaivault pki csr create --common-name api.internal --san api-v2.internal --out-dir ./tls']],
  });

  commonName = Option.String('--common-name', { description: 'Subject CN (also put in the SANs)' });
  san = Option.Array('--san', [], { description: 'DNS name or IP address to add (repeatable)' });
  keyType = Option.String('--key-type', { description: 'ec (default) or rsa' });
  keySize = Option.String('--key-size', { description: 'ec: 256 (default) or 384; rsa: 2048 (default) or 4096' });
  outDir = Option.String('--out-dir', { description: 'Directory for key.pem and csr.pem' });
  force = Option.Boolean('--force', false, { description: 'Replace existing files' });

  async execute(): Promise<number> {
    if (this.commonName === undefined) throw new UsageError('--common-name is required');
    if (this.outDir === undefined) throw new UsageError('--out-dir is required: the key is written there, never printed');
    const commonName = requireDnsName(this.commonName, '--common-name');
    const { altNames, ipSans } = splitSans(this.san);
    const key = parseKeyShape(this.keyType, this.keySize);
    const { makeCsr } = await import('../x509/make-csr.js');
    const made = makeCsr({ commonName, altNames, ipSans, key });
    const paths = writeOutputFiles(
      this.resolve(Tokens.FileSystem),
      this.outDir,
      [
        { name: 'key.pem', contents: made.privateKeyPem },
        { name: 'csr.pem', contents: made.csrPem },
      ],
      this.force,
    );
    this.output.success(`Wrote ${paths.join(' and ')} (${key.keyType} ${key.keyBits}); send only the CSR`, {
      files: paths,
      key_type: key.keyType,
      key_bits: key.keyBits,
      common_name: commonName,
    });
    return 0;
  }
}
