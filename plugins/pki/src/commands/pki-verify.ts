import { CliError, ExitCode, LocalCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { readBinaryFile } from '../binary-input.js';
import { looksLikeDer, pemBlocks } from '../pem-blocks.js';

export class PkiVerifyCommand extends LocalCommand {
  static override paths = [['pki', 'verify']];
  static override effect = 'read' as const;

  static override usage = LocalCommand.Usage({
    category: 'PKI',
    description: 'Check a certificate chains to a root, is in date and not revoked (offline)',
    details: `
      Exit 0 when CERT chains to a certificate in \`--ca\` through those in \`--chain\` (and any after the first in CERT),
      every link is within its validity and allowed to sign (CA:TRUE, keyCertSign, path length), and — with \`--crl\` —
      not revoked: the leaf needs a CRL from its issuer, signed by it and not stale; a CA above is checked too when a CRL
      from its issuer is given. \`--ocsp\` also asks the leaf's OCSP responder and needs a \`good\` answer signed by the
      issuer (or a responder it authorised), for this serial and current. As with \`openssl verify\`, only a self-signed certificate in \`--ca\` is a trust anchor.
      Exit 1 when the certificate does not verify, with the reason on stderr; exit 5 for unreadable files.
    `,
    examples: [
      ['Through an intermediate', 'scaivault pki verify cert.pem --ca root.pem --chain chain.pem'],
      ['With revocation', 'scaivault pki verify cert.pem --ca root.pem --chain chain.pem --crl int.crl --crl root.crl'],
      ['Online, by OCSP', 'scaivault pki verify cert.pem --ca root.pem --chain chain.pem --ocsp'],
    ],
  });

  cert = Option.String({ name: 'cert' });
  ca = Option.String('--ca', { description: 'Trusted root certificate(s), PEM' });
  chain = Option.String('--chain', { description: 'Intermediate certificates, PEM' });
  crl = Option.Array('--crl', [], { description: 'CRL file, PEM or DER (repeatable)' });
  ocsp = Option.Boolean('--ocsp', false, { description: "Ask the leaf's OCSP responder (its AIA URL) too" });
  ocspUrl = Option.String('--ocsp-url', { description: 'Ask this OCSP responder instead of the AIA URL' });

  async execute(): Promise<number> {
    if (this.ca === undefined) throw new UsageError('--ca <root.pem> is required: the trust anchor to verify against');
    if (this.ocspUrl !== undefined && !/^https?:\/\/\S+$/.test(this.ocspUrl))
      throw new UsageError(`--ocsp-url must be an http(s) URL, got ${JSON.stringify(this.ocspUrl)}`);
    const fs = this.resolve(Tokens.FileSystem);
    const read = (path: string, what: string) => readBinaryFile(fs, path, `${what} ${path}`);
    const certificates = (path: string, what: string): Buffer[] => {
      const bytes = read(path, what);
      if (looksLikeDer(bytes)) return [bytes];
      const found = pemBlocks(bytes.toString('latin1'))
        .filter((block) => block.label === 'CERTIFICATE')
        .map((block) => block.der);
      if (found.length === 0) throw new UsageError(`${what} ${path} holds no PEM certificate`);
      return found;
    };
    const [leaf, ...extra] = certificates(this.cert, 'CERT');
    const roots = certificates(this.ca, '--ca');
    const intermediates = [...extra, ...(this.chain ? certificates(this.chain, '--chain') : [])];
    const crls = this.crl.flatMap((path) => {
      const bytes = read(path, '--crl');
      if (looksLikeDer(bytes)) return [bytes];
      const found = pemBlocks(bytes.toString('latin1'))
        .filter((block) => block.label === 'X509 CRL')
        .map((block) => block.der);
      if (found.length === 0) throw new UsageError(`--crl ${path} holds no CRL`);
      return found;
    });
    const { verifyChain } = await import('../x509/verify-chain.js');
    let result;
    try {
      result = verifyChain({ leaf: leaf!, intermediates, roots, crls, now: new Date(this.resolve(Tokens.Clock).now()) });
    } catch {
      throw new UsageError('a certificate or CRL given cannot be read (not X.509)');
    }
    if (!result.valid)
      throw new CliError(`verification failed: ${result.error}`, { exitCode: ExitCode.General, code: 'verification_failed' });
    const { path, ...shown } = result;
    let ocsp: string | undefined;
    if (this.ocsp || this.ocspUrl !== undefined) {
      const { checkOcsp } = await import('../x509/ocsp-check.js');
      const outcome = await checkOcsp(path[0]!, path[1] ?? path[0]!, new Date(this.resolve(Tokens.Clock).now()), this.ocspUrl);
      if (outcome.status === 'revoked')
        throw new CliError(`verification failed: ${result.chain[0]} is revoked (${outcome.reason}, ${outcome.revokedAt}) by OCSP`, {
          exitCode: ExitCode.General,
          code: 'verification_failed',
        });
      if (outcome.status === 'unknown')
        throw new CliError(`verification failed: the OCSP responder does not know ${result.chain[0]}`, {
          exitCode: ExitCode.General,
          code: 'verification_failed',
        });
      if (outcome.status === 'error')
        throw new CliError(`verification failed: ${outcome.error}`, { exitCode: ExitCode.General, code: 'verification_failed' });
      ocsp = outcome.status;
    }
    const checks = [result.revocation_checked ? 'not revoked by CRL' : '', ocsp ? 'OCSP good' : ''].filter(Boolean).join(', ');
    this.output.success(`OK: ${result.chain.join(' ← ')}${checks ? ` (${checks})` : ''}`, { ...shown, ...(ocsp ? { ocsp } : {}) });
    return 0;
  }
}
