import { ScaiVaultCommand, UsageError, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { SecretPolicyType } from '@scaivault/core/sdk';
import { POLICY_TYPES } from '../input/fields.js';
import { SECRET_POLICY_COLUMNS } from '../secret-policy-view.js';

export class SecretPoliciesListCommand extends ScaiVaultCommand {
  static override paths = [['secret-policies', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secret policies',
    description: 'List secret policies (value generators)',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end, printing each page as it
      arrives; \`--ndjson\` prints one object per line. Under \`--json\` the output is
      \`{"secret_policies": [...], "cursor": ..., "has_more": ...}\`; pass the cursor back with \`--cursor\`.
    `,
    examples: [
      ['List secret policies', 'scaivault secret-policies list'],
      ['Only password recipes', 'scaivault secret-policies list --type password'],
      ['Every id, for a script', "scaivault secret-policies list --all --json | jq -r '.secret_policies[].id'"],
    ],
  });

  type = Option.String('--type', { description: `Only this policy type: ${POLICY_TYPES.join(', ')}` });
  includeInactive = Option.Boolean('--include-inactive', false, { description: 'Also list inactive policies' });
  limit = Option.String('--limit', { description: 'Policies per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    if (this.type !== undefined && !POLICY_TYPES.includes(this.type as SecretPolicyType)) {
      throw new UsageError(`invalid --type ${JSON.stringify(this.type)}`, `use one of ${POLICY_TYPES.join(', ')}`);
    }
    const paging = readPaging(this);
    const client = await this.api();
    const filters = {
      ...(this.type ? { policyType: this.type as SecretPolicyType } : {}),
      ...(this.includeInactive ? { includeInactive: true } : {}),
      ...(paging.limit ? { limit: paging.limit } : {}),
    };
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.secretPolicies.list({ ...filters, ...(cursor ? { cursor } : {}) });
        return { rows: page.secret_policies, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'secret_policies', columns: SECRET_POLICY_COLUMNS },
    );
    return 0;
  }
}
