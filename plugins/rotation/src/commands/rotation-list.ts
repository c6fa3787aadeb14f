import { ScaiVaultCommand, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { RotationPolicy } from '@scaivault/core/sdk';
import { POLICY_COLUMNS, printData } from '../rotation-view.js';

export class RotationListCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'list']];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'List rotation policies',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end. Under \`--json\` the output
      is the API's envelope, \`{"data": [...], "cursor": ..., "has_more": ...}\`.
    `,
    examples: [
      ['List rotation policies', 'scaivault rotation list'],
      ['Only the active ones, as ids', "scaivault rotation list --active-only --all --json | jq -r '.data[].id'"],
    ],
  });

  activeOnly = Option.Boolean('--active-only', false, { description: 'Leave out disabled (paused) policies' });
  limit = Option.String('--limit', { description: 'Policies per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });

  async execute(): Promise<number> {
    const paging = readPaging(this);
    const client = await this.api();
    const filters = { ...(this.activeOnly ? { activeOnly: true } : {}), ...(paging.limit ? { limit: paging.limit } : {}) };
    if (paging.all) {
      const policies: RotationPolicy[] = [];
      for await (const policy of client.rotation.listAll(filters)) policies.push(policy);
      printData(this.output, policies, POLICY_COLUMNS, { cursor: null, has_more: false }, 'no rotation policies');
      return 0;
    }
    const page = await client.rotation.list({ ...filters, ...(paging.cursor ? { cursor: paging.cursor } : {}) });
    printData(this.output, page.data, POLICY_COLUMNS, { cursor: page.cursor ?? null, has_more: page.has_more ?? false }, 'no rotation policies');
    if (page.has_more && !this.output.json) this.output.info(`more policies: --cursor ${page.cursor} (or --all)`);
    return 0;
  }
}
