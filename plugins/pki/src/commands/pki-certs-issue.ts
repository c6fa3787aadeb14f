import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { checkOutputFiles } from '../files/write-files.js';
import { deliverIssued } from '../issued-output.js';
import { p12Password } from '../p12-password.js';
import { parseValidityDays, requireDnsName, requireId, splitSans, ttlFromDays } from '../input/pki-input.js';

export class PkiCertsIssueCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'certs', 'issue']];
  static override effect = 'write' as const;
  static override reveals = ['private_key'];

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Issue a certificate and a new key pair',
    details: `
      Give either \`--role R\` (issue under that role's rules) or \`--ca ID\` (issue under that CA's default role; see
      docs/api-decisions.md, "PKI"). \`--san\` takes DNS names and IP addresses, repeatable. The server makes the key and
      returns it once: \`--out-dir DIR\` writes cert.pem, chain.pem and key.pem (mode 0600, never over existing files
      without \`--force\`); without it the certificate, chain and key are printed. \`--format p12\` writes bundle.p12
      (certificate, chain and key) instead of key.pem; its password comes from \`--password-stdin\`,
      \`SCAIVAULT_P12_PASSWORD\` or a prompt, never from the command line.
    `,
    examples: [
      [
        'Issue for a week from an intermediate',
        'scaivault pki certs issue --ca ca_intermediate_abc --common-name billing.svc.cluster.local --san billing-api.svc.cluster.local --validity-days 7',
      ],
      ['Under a role, into files', 'scaivault pki certs issue --role svc-mtls --common-name api.internal --out-dir ./tls'],
      [
        'A PKCS#12 bundle, password from a file',
        'scaivault pki certs issue --role svc-mtls --common-name api.internal --out-dir ./tls --format p12 --password-stdin < p12.pass',
      ],
    ],
  });

  ca = Option.String('--ca', { description: 'Issue under this CA (its default role)' });
  role = Option.String('--role', { description: 'Issue under this role' });
  commonName = Option.String('--common-name', { description: 'Subject CN (also put in the SANs)' });
  san = Option.Array('--san', [], { description: 'DNS name or IP address to add (repeatable)' });
  validityDays = Option.String('--validity-days', { description: 'Lifetime in days (capped by the role)' });
  outDir = Option.String('--out-dir', { description: 'Write cert.pem, chain.pem, key.pem here' });
  force = Option.Boolean('--force', false, { description: 'Replace existing files in --out-dir' });
  format = Option.String('--format', 'pem', { description: 'pem (default) or p12 (with --out-dir)' });
  passwordStdin = Option.Boolean('--password-stdin', false, { description: 'Read the PKCS#12 password from stdin' });

  async execute(): Promise<number> {
    if ((this.ca === undefined) === (this.role === undefined))
      throw new UsageError('give exactly one of --ca <ca id> or --role <role name>');
    if (this.commonName === undefined) throw new UsageError('--common-name is required');
    const commonName = requireDnsName(this.commonName, '--common-name');
    const { altNames, ipSans } = splitSans(this.san);
    const ttl = this.validityDays === undefined ? undefined : ttlFromDays(parseValidityDays(this.validityDays));
    if (this.force && this.outDir === undefined) throw new UsageError('--force only applies with --out-dir');
    if (this.format !== 'pem' && this.format !== 'p12')
      throw new UsageError(`--format must be pem or p12, got ${JSON.stringify(this.format)}`);
    if (this.format === 'p12' && this.outDir === undefined) throw new UsageError('--format p12 writes a file: give --out-dir');
    if (this.passwordStdin && this.format !== 'p12') throw new UsageError('--password-stdin only applies with --format p12');
    // Asked before the request, so a mistyped password does not cost an issued certificate.
    const password =
      this.format === 'p12'
        ? await p12Password({
            fromStdin: this.passwordStdin,
            stdin: this.context.stdin,
            env: this.resolve(Tokens.Env),
            prompt: this.resolve(Tokens.Prompt),
          })
        : undefined;
    const request = {
      common_name: commonName,
      ...(altNames.length ? { alt_names: altNames } : {}),
      ...(ipSans.length ? { ip_sans: ipSans } : {}),
      ...(ttl ? { ttl } : {}),
    };
    const fs = this.resolve(Tokens.FileSystem);
    if (this.outDir !== undefined)
      checkOutputFiles(
        this.resolve(Tokens.FileSystem),
        this.outDir,
        this.format === 'p12' ? ['cert.pem', 'chain.pem', 'bundle.p12'] : ['cert.pem', 'chain.pem', 'key.pem'],
        this.force,
      );
    const client = await this.api();
    const issued =
      this.role !== undefined
        ? await client.pki.issue(requireId(this.role, 'role name'), request)
        : await client.pki.cas.issue(requireId(this.ca!, 'CA id'), request);
    await deliverIssued(issued, {
      output: this.output,
      fs,
      outDir: this.outDir,
      force: this.force,
      stderrIsTTY: Boolean((this.context.stderr as { isTTY?: boolean }).isTTY),
      ...(password === undefined ? {} : { p12Password: password }),
    });
    return 0;
  }
}
