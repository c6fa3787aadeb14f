import { ScaiVaultCommand, UsageError, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { SCOPES, type PolicyScope } from '../input/rules.js';
import { POLICY_COLUMNS } from '../policy-view.js';

export class PoliciesListCommand extends ScaiVaultCommand {
  static override paths = [['policies', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Policies',
    description: 'List access policies',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end, printing each page as it
      arrives; \`--ndjson\` prints one object per line. Under \`--json\` the output is
      \`{"policies": [...], "cursor": ..., "has_more": ...}\`; pass the cursor back with \`--cursor\` for the next page.
      Inactive policies are left out unless \`--include-inactive\` is given.
    `,
    examples: [
      ['List access policies', 'scaivault policies list'],
      ['Every policy id, for a script', "scaivault policies list --all --json | jq -r '.policies[].id'"],
      ['Partner-wide policies, inactive ones too', 'scaivault policies list --scope partner --include-inactive'],
    ],
  });

  scope = Option.String('--scope', { description: `Only policies of this scope: ${SCOPES.join(', ')}` });
  includeInactive = Option.Boolean('--include-inactive', false, { description: 'Also list inactive policies' });
  limit = Option.String('--limit', { description: 'Policies per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    if (this.scope !== undefined && !SCOPES.includes(this.scope as PolicyScope)) {
      throw new UsageError(`invalid --scope ${JSON.stringify(this.scope)}`, `use one of ${SCOPES.join(', ')}`);
    }
    const paging = readPaging(this);
    const client = await this.api();
    const filters = {
      ...(this.scope ? { scope: this.scope as PolicyScope } : {}),
      ...(this.includeInactive ? { includeInactive: true } : {}),
      ...(paging.limit ? { limit: paging.limit } : {}),
    };
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.policies.list({ ...filters, ...(cursor ? { cursor } : {}) });
        return { rows: page.policies, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'policies', columns: POLICY_COLUMNS },
    );
    return 0;
  }
}
