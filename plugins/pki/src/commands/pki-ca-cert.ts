import { CliError, ExitCode, ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';
import { pemBlocks } from '../pem-blocks.js';

export class PkiCaCertCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'ca', 'cert']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: "Print a CA's certificate (PEM or DER)",
    details: 'The trust anchor to hand out. `--format der` writes the raw bytes (redirect them to a file); it is refused on a terminal.',
    examples: [
      ['Save the root as PEM', 'scaivault pki ca cert ca_root_abc --format pem > root.pem'],
      ['As DER', 'scaivault pki ca cert ca_root_abc --format der > root.der'],
    ],
  });

  id = Option.String({ name: 'ca-id' });
  format = Option.String('--format', 'pem', { description: 'pem (default) or der' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'CA id');
    if (this.format !== 'pem' && this.format !== 'der')
      throw new UsageError(`--format must be pem or der, got ${JSON.stringify(this.format)}`);
    if (this.format === 'der' && this.output.options.stdoutIsTTY && !this.output.json)
      throw new UsageError('--format der writes binary: redirect it to a file (> root.der)');
    const client = await this.api();
    const result = await client.pki.cas.certificate(id);
    if (this.output.json || this.output.options.field !== undefined) {
      this.output.object(result);
      return 0;
    }
    if (this.format === 'pem') {
      this.output.raw(result.certificate_pem.endsWith('\n') ? result.certificate_pem : `${result.certificate_pem}\n`);
      return 0;
    }
    // DER is the PEM's base64 body: converted here, so the server needs one representation only.
    const block = pemBlocks(result.certificate_pem).find((item) => item.label === 'CERTIFICATE');
    if (!block) throw new CliError(`the server's answer for ${id} holds no PEM certificate`, { exitCode: ExitCode.General });
    this.output.raw(block.der);
    return 0;
  }
}
