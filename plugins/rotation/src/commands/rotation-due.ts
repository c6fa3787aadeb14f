import { ScaiVaultCommand, followPages, parseInteger, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { DueRotationsOptions } from '@scaivault/core/sdk';
import { requireId } from '../input/ids.js';
import { DUE_COLUMNS, printDataPage, streamData } from '../rotation-view.js';

const MAX_HOURS = 24 * 3650;

export class RotationDueCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'due']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'List secrets whose rotation is due soon (or overdue)',
    details: `
      Secrets of active policies whose next rotation falls within \`--within-hours\` (server default 24), plus those
      already overdue unless \`--exclude-overdue\` is given. \`--policy\` narrows the list to one policy.
    `,
    examples: [
      ['Due in the next week', 'scaivault rotation due --within-hours 168'],
      ['Only what is overdue now', 'scaivault rotation due --within-hours 0'],
      ['Paths due today under one policy', "scaivault rotation due --policy rot_quarterly --json | jq -r '.data[].secret_path'"],
    ],
  });

  withinHours = Option.String('--within-hours', { description: `Due within this many hours (0-${MAX_HOURS}, default 24)` });
  excludeOverdue = Option.Boolean('--exclude-overdue', false, { description: 'Leave out secrets already overdue' });
  policy = Option.String('--policy', { description: 'Only secrets of this rotation policy' });
  limit = Option.String('--limit', { description: 'Secrets per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const withinHours =
      this.withinHours === undefined ? undefined : parseInteger(this.withinHours, '--within-hours', { min: 0, max: MAX_HOURS });
    const policyId = this.policy === undefined ? undefined : requireId(this.policy, 'rotation policy id');
    const paging = readPaging(this);
    const client = await this.api();
    const filters: DueRotationsOptions = {
      ...(withinHours === undefined ? {} : { withinHours }),
      ...(this.excludeOverdue ? { includeOverdue: false } : {}),
      ...(policyId ? { policyId } : {}),
      ...(paging.limit ? { limit: paging.limit } : {}),
    };
    const window = withinHours === undefined ? 'soon' : `within ${withinHours}h`;
    if (paging.all) {
      const pages = followPages(async (cursor) => {
        const page = await client.rotation.due({ ...filters, ...(cursor ? { cursor } : {}) });
        return { rows: page.data, cursor: page.cursor, has_more: page.has_more };
      });
      await streamData(
        { output: this.output, stdout: this.context.stdout, ndjson: paging.ndjson },
        pages,
        DUE_COLUMNS,
        `no rotations due ${window}`,
      );
      return 0;
    }
    const page = await client.rotation.due({ ...filters, ...(paging.cursor ? { cursor: paging.cursor } : {}) });
    printDataPage(this.output, page, DUE_COLUMNS, `no rotations due ${window}`, 'secrets', paging);
    return 0;
  }
}
