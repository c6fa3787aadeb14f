import { ScaiVaultCommand, UsageError, followPages, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { RotationHistoryOptions } from '@scaivault/core/sdk';
import { requireId } from '../input/ids.js';
import { RUN_COLUMNS, printDataPage, streamData } from '../rotation-view.js';

const STATUSES = ['success', 'failed', 'pending'] as const;
type Status = (typeof STATUSES)[number];

export class RotationHistoryCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'history']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'List the rotations a policy has run, newest first',
    details: `
      One row per secret rotated: its status (\`success\`, \`failed\` or \`pending\`), the versions before and after,
      who triggered it (a user, or \`system:rotation-scheduler\`) and the error of a failed one. Prints one page
      (\`--limit\`, default 100); \`--all\` follows the cursor to the end.
    `,
    examples: [
      ['Rotation history of a policy', 'scaivault rotation history rot_quarterly'],
      ['Only the failures', 'scaivault rotation history rot_quarterly --status failed'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  status = Option.String('--status', { description: `Only rotations with this status: ${STATUSES.join(', ')}` });
  limit = Option.String('--limit', { description: 'Rotations per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    if (this.status !== undefined && !STATUSES.includes(this.status as Status)) {
      throw new UsageError(`invalid --status ${JSON.stringify(this.status)}`, `use one of ${STATUSES.join(', ')}`);
    }
    const paging = readPaging(this);
    const client = await this.api();
    const filters: RotationHistoryOptions = {
      ...(this.status ? { status: this.status as Status } : {}),
      ...(paging.limit ? { limit: paging.limit } : {}),
    };
    const empty = this.status ? `no ${this.status} rotations for ${id}` : `no rotations for ${id} yet`;
    if (paging.all) {
      const pages = followPages(async (cursor) => {
        const page = await client.rotation.history(id, { ...filters, ...(cursor ? { cursor } : {}) });
        return { rows: page.data, cursor: page.cursor, has_more: page.has_more };
      });
      await streamData({ output: this.output, stdout: this.context.stdout, ndjson: paging.ndjson }, pages, RUN_COLUMNS, empty);
      return 0;
    }
    const page = await client.rotation.history(id, { ...filters, ...(paging.cursor ? { cursor: paging.cursor } : {}) });
    printDataPage(this.output, page, RUN_COLUMNS, empty, 'rotations', paging);
    return 0;
  }
}
