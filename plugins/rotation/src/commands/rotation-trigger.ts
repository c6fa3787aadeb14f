import { CliError, ScaiVaultCommand, Tokens, UsageError, parseDuration, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/ids.js';
import { RUN_COLUMNS, printData } from '../rotation-view.js';

const DEFAULT_TIMEOUT = '10m';

export class RotationTriggerCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'trigger']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: "Rotate a policy's secrets now instead of waiting for the schedule",
    details: `
      Rotates every secret the policy covers, or only those named with \`--secret\`, and prints one result per
      secret. With \`--auto-generate\` policies the new versions are written at once (\`success\` or \`failed\`);
      otherwise each secret is \`pending\` until your automation writes its new version.

      Rotating many secrets can take minutes: a terminal shows progress on stderr, and the wait is bounded by
      \`--timeout\` (default ${DEFAULT_TIMEOUT}). The request is not repeated on failure. The exit code is 1 when any
      rotation failed.
    `,
    examples: [
      ['Rotate everything under a policy', 'scaivault rotation trigger rot_quarterly'],
      ['Rotate one secret of it', 'scaivault rotation trigger rot_quarterly --secret environments/production/salesforce/oauth'],
      [
        'The new versions, for a script',
        'scaivault rotation trigger rot_quarterly --json | jq -r \'.data[] | "\\(.secret_path) v\\(.new_version)"\'',
      ],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  secrets = Option.Array('--secret', [], { description: 'Rotate only this attached secret (repeatable)' });
  timeout = Option.String('--timeout', { description: `Give up waiting after this long (default ${DEFAULT_TIMEOUT})` });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    const secretPaths = this.secrets.map((path) => requireSecretPath(path));
    if (new Set(secretPaths).size !== secretPaths.length) throw new UsageError('a --secret is given twice');
    const timeoutMs = parseDuration(this.timeout ?? DEFAULT_TIMEOUT, '--timeout') * 1000;

    const client = await this.api();
    const what =
      secretPaths.length === 0
        ? `the secrets of ${id}`
        : secretPaths.length === 1
          ? secretPaths[0]!
          : `${secretPaths.length} secrets of ${id}`;
    const progress = this.resolve(Tokens.Waits).progress(`Rotating ${what}…`);
    let runs;
    try {
      runs = await client.rotation.trigger(id, { timeoutMs, ...(secretPaths.length > 0 ? { secretPaths } : {}) });
    } finally {
      progress.stop();
    }

    printData(this.output, runs, RUN_COLUMNS, { policy_id: id }, `${id} covers no secrets: nothing rotated`);
    const failed = runs.filter((run) => run.status === 'failed').length;
    const pending = runs.filter((run) => run.status === 'pending').length;
    if (failed > 0)
      throw new CliError(`${failed} of ${runs.length} rotations failed`, {
        code: 'rotation_failed',
        hint: `see \`scaivault rotation history ${id} --status failed\``,
      });
    if (pending > 0 && !this.output.json)
      this.output.info(`${pending} waiting for a new version to be written (the policy does not generate values)`);
    return 0;
  }
}
