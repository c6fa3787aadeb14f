import { CliError, ScaiVaultCommand, Tokens, UsageError, readFileOrStdin } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { IssuedCertificate } from '@scaivault/core/sdk';
import { checkCsrText } from '../csr-file.js';
import { checkOutputFiles } from '../files/write-files.js';
import { deliverIssued } from '../issued-output.js';
import { requireDnsName, requireId } from '../input/pki-input.js';

/** How often the CLI asks the server how the order is doing. */
const POLL_MS = 1000;

export class PkiAcmeIssueCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'acme', 'issue']];
  static override effect = 'write' as const;
  static override reveals = ['private_key'];

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Order a certificate from an ACME CA and wait for it',
    details: `
      The server places the order, writes one \`_acme-challenge\` TXT record per name through the DNS provider that manages
      its zone (or \`--dns-provider\`), waits until the zone's authoritative servers answer it, lets the CA validate, and
      removes the records. This waits with progress on stderr (on a terminal) until the order is \`valid\` or \`invalid\`;
      \`--no-wait\` prints the order id at once (check it with \`scaivault pki acme orders get <id>\`), and Ctrl-C stops
      waiting but leaves the order running on the server. \`--out-dir DIR\` writes cert.pem, chain.pem and key.pem (0600).
      \`--csr FILE\` (or \`-\` for stdin) has the CA sign your CSR instead of a key the server makes.

      \`--challenge http-01\` proves each name over HTTP instead: the server runs the operator's \`exec\` hook of the
      provider managing the name, which places the token file where the name's web server serves
      \`/.well-known/acme-challenge/\`, and removes it afterwards. A wildcard name needs dns-01.
    `,
    examples: [
      [
        'A name and its wildcard',
        'scaivault pki acme issue --account acme_abc --domains api.acme.example,*.api.acme.example --challenge dns-01',
      ],
      ['Into files', 'scaivault pki acme issue --account letsencrypt-production --domains api.acme.example --out-dir ./tls'],
      ['Return at once', 'scaivault pki acme issue --account acme_abc --domains api.acme.example --no-wait'],
      [
        'Over HTTP, through an exec hook provider',
        'scaivault pki acme issue --account acme_abc --domains www.acme.example --challenge http-01',
      ],
    ],
  });

  account = Option.String('--account', { description: 'Account id (acme_...) or name' });
  domains = Option.Array('--domains', [], { description: 'Names to certify, comma-separated or repeated (a wildcard as *.name)' });
  challenge = Option.String('--challenge', 'dns-01', { description: 'dns-01 (default) or http-01 (through an exec hook provider)' });
  dnsProvider = Option.String('--dns-provider', { description: 'DNS provider id (default: the one managing each zone)' });
  csr = Option.String('--csr', { description: 'PEM CSR file (or - for stdin) instead of a server-made key' });
  noAutoRenew = Option.Boolean('--no-auto-renew', false, { description: 'Do not renew before expiry' });
  noWait = Option.Boolean('--no-wait', false, { description: 'Print the order id and return at once' });
  outDir = Option.String('--out-dir', { description: 'Write cert.pem, chain.pem, key.pem here' });
  force = Option.Boolean('--force', false, { description: 'Replace existing files in --out-dir' });

  async execute(): Promise<number> {
    if (this.account === undefined) throw new UsageError('--account is required (an account id or name)');
    const account = requireId(this.account, 'account');
    const domains = [
      ...new Set(
        this.domains
          .flatMap((value) => value.split(','))
          .map((value) => value.trim())
          .filter((value) => value !== '')
          .map((value) => requireDnsName(value, '--domains')),
      ),
    ];
    if (domains.length === 0) throw new UsageError('--domains is required: one or more names, comma-separated');
    if (this.challenge !== 'dns-01' && this.challenge !== 'http-01')
      throw new UsageError(`--challenge must be dns-01 or http-01, got ${JSON.stringify(this.challenge)}`);
    const wildcard = domains.find((domain) => domain.startsWith('*.'));
    if (this.challenge === 'http-01' && wildcard !== undefined)
      throw new UsageError(`--domains: ${wildcard} needs --challenge dns-01 (a wildcard cannot be proved over HTTP)`);
    if (this.noWait && this.outDir !== undefined) throw new UsageError('--out-dir needs the certificate: it cannot go with --no-wait');
    if (this.force && this.outDir === undefined) throw new UsageError('--force only applies with --out-dir');
    const fs = this.resolve(Tokens.FileSystem);
    const csr =
      this.csr === undefined
        ? undefined
        : await checkCsrText(await readFileOrStdin(this.csr, '--csr', { fs, stdin: this.context.stdin }), this.csr);
    if (this.outDir !== undefined) checkOutputFiles(fs, this.outDir, ['cert.pem', 'chain.pem', 'key.pem'], this.force);
    const client = await this.api();
    const placed = await client.pki.acme.orders.create({
      account_id: account,
      domains,
      challenge_type: this.challenge,
      ...(this.dnsProvider === undefined ? {} : { dns_provider_id: requireId(this.dnsProvider, 'DNS provider id') }),
      ...(csr === undefined ? {} : { csr }),
      ...(this.noAutoRenew ? { auto_renew: false } : {}),
    });
    if (this.noWait) {
      this.output.success(
        `Placed ACME order ${placed.id} (${placed.status}); check it with: scaivault pki acme orders get ${placed.id}`,
        placed,
      );
      return 0;
    }
    // On a terminal, one progress line per change with the time waited; Ctrl-C stops only the waiting.
    const done = await this.resolve(Tokens.Waits).poll(placed, {
      get: () => client.pki.acme.orders.get(placed.id),
      done: (order) => order.status === 'valid' || order.status === 'invalid',
      intervalMs: POLL_MS,
      describe: (order) => `order ${order.id}: ${order.status}${order.stage ? ` (${order.stage})` : ''}`,
      interrupted: () =>
        `stopped waiting; ACME order ${placed.id} keeps running on the server: check it with scaivault pki acme orders get ${placed.id}`,
    });
    if (done.status === 'invalid') {
      throw new CliError(`ACME order ${done.id} is invalid: ${done.error?.detail ?? 'the CA gave no reason'}`, {
        code: 'acme_order_invalid',
        ...(done.error?.type ? { hint: `problem type ${done.error.type}` } : {}),
      });
    }
    const certificate = await client.pki.acme.orders.certificate(done.id);
    const issued = { ...certificate, id: certificate.certificate_id ?? done.id } as IssuedCertificate;
    await deliverIssued(issued, {
      output: this.output,
      fs,
      outDir: this.outDir,
      force: this.force,
      stderrIsTTY: Boolean((this.context.stderr as { isTTY?: boolean }).isTTY),
    });
    return 0;
  }
}
