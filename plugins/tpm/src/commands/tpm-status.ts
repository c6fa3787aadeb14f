import { Option } from '@scaivault/core/clipanion';
import { DEFAULT_TOKEN_LABEL, TpmCommand } from '../tpm-command.js';
import { importKeyRoot } from '../key-root-module.js';

export class TpmStatusCommand extends TpmCommand {
  static override paths = [['tpm', 'status']];
  static override effect = 'read' as const;

  static override usage = TpmCommand.Usage({
    category: 'TPM',
    description: "Check the token that holds the server's master key",
    details: `
      Says whether the token is found, through which module, its label, serial and model, what it says about the user PIN
      (PKCS#11 reports only "count low", "final try" and "locked", not an exact count), the wrapping key's id and mechanism,
      and — given the user PIN (\`--userpin -\` or SCAIVAULT_TPM_USERPIN; never asked for) — whether the wrapped master key unwraps.
      Exit 0 when healthy, 1 when not, for monitoring scripts; \`--json\` for the details.
    `,
    examples: [
      ['Check the token and that the key unwraps', 'scaivault tpm status --data-dir /var/lib/scaivault --userpin - < pin.txt'],
      ['For a monitoring script', 'scaivault tpm status --json | jq .healthy'],
    ],
  });

  userpin = Option.String('--userpin', { description: 'User PIN, to check that the key unwraps; - reads stdin' });

  async execute(): Promise<number> {
    const root = await this.keyRoot();
    const module = this.moduleFor(root);
    const label = this.tokenLabel ?? root?.token.label ?? DEFAULT_TOKEN_LABEL;
    const userPin = await this.secretInputs({ userpin: this.userpin }).get('userpin', { optional: true, noPrompt: true });
    const { keyRootStatus } = await importKeyRoot();
    const status = await this.translate(() => keyRootStatus(root, { module, label, ...(userPin === undefined ? {} : { userPin }) }));
    const result = { ...status, data_dir: this.dir, master_key_id: root?.master_key_id ?? null, created_at: root?.created_at ?? null };
    const token = status.token;
    this.output.object(result, {
      human: [
        ['Healthy', status.healthy ? 'yes' : `no: ${status.problem}`],
        ['Data dir', `${this.dir}${root ? '' : ' (no key root)'}`],
        ['Module', module],
        ['Token', token.found ? `${token.label} (serial ${token.serial}, ${token.model})` : `${token.label}: not found`],
        ['PIN', token.pin_state === undefined ? 'unknown' : token.pin_state.replace('_', ' ')],
        ['Master key', root ? `${root.master_key_id}, made ${root.created_at}` : 'none'],
        [
          'Wrapping key',
          status.wrapping_key
            ? `${status.wrapping_key.id} (${status.wrapping_key.mechanism})${status.wrapping_key.present === false ? ', not on this token' : ''}`
            : 'none',
        ],
        ['Unwraps', status.unwraps === null ? 'not checked (give the user PIN)' : status.unwraps ? 'yes' : 'no'],
      ],
    });
    return status.healthy ? 0 : 1;
  }
}
