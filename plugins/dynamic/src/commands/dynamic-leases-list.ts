import { ScaiVaultCommand, UsageError, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { LEASE_COLUMNS, requireName } from '../dynamic-view.js';

const STATUSES = ['live', 'all', 'active', 'revoked', 'expired', 'revocation_failed'];

export class DynamicLeasesListCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'leases', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'List leases (by default the live ones: active, or revoked but not yet confirmed)',
    details: `
      \`--status all\` includes revoked and expired leases; a \`revocation_failed\` lease is one whose login could not be
      dropped yet and is being retried. Without \`dynamic:manage\` only your own leases are listed. Under \`--json\` the
      output is \`{"leases": [...], "cursor": ..., "has_more": ...}\`; a lease never carries its password.
    `,
    examples: [
      ['Live leases of an engine', 'scaivault dynamic leases list --engine postgres-prod'],
      ['Every lease that could not be revoked', 'scaivault dynamic leases list --status revocation_failed'],
    ],
  });

  engine = Option.String('--engine', { description: 'Only leases of this engine' });
  role = Option.String('--role', { description: 'Only leases of this role' });
  status = Option.String('--status', { description: `live (default), all, active, revoked, expired or revocation_failed` });
  limit = Option.String('--limit', { description: 'Leases per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    if (this.status !== undefined && !STATUSES.includes(this.status))
      throw new UsageError(`invalid --status ${JSON.stringify(this.status)}`, `use one of ${STATUSES.join(', ')}`);
    const filters = {
      ...(this.engine !== undefined ? { engine: requireName(this.engine, 'engine name') } : {}),
      ...(this.role !== undefined ? { role: requireName(this.role, 'role name') } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
    };
    const paging = readPaging(this);
    const client = await this.api();
    const limit = paging.limit ? { limit: paging.limit } : {};
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.dynamic.leases.list({ ...filters, ...limit, ...(cursor ? { cursor } : {}) });
        return { rows: page.leases, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'leases', columns: LEASE_COLUMNS },
    );
    return 0;
  }
}
