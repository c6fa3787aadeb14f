import { NotFoundError, ScaiVaultCommand, parseInteger } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { SYNC_COLUMNS, syncPairs } from '../sync-view.js';

export class ScaiKeySyncStatusCommand extends ScaiVaultCommand {
  static override paths = [['scaikey', 'sync-status']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'ScaiKey',
    description: 'Show the latest identity sync, or with --history the runs before it',
    details: `
      Without \`--history\`: the most recent sync run (status, scope, what it synced, why it failed); exit 4 when none has run.
      With \`--history\`: the runs newest first, a page at a time (\`--page\`, \`--page-size\`; \`--json\` →
      \`{"syncs": [...], "total": n}\`).
    `,
    examples: [
      ['The latest sync', 'scaivault scaikey sync-status'],
      ['Every sync so far', 'scaivault scaikey sync-status --history'],
    ],
  });

  history = Option.Boolean('--history', false, { description: 'List past runs, newest first' });
  page = Option.String('--page', { description: 'Page number, from 1 (with --history)' });
  pageSize = Option.String('--page-size', { description: 'Runs per page, 1 to 500 (with --history; default 50)' });

  async execute(): Promise<number> {
    const page = this.page === undefined ? undefined : parseInteger(this.page, '--page', { min: 1, max: 1_000_000 });
    const pageSize = this.pageSize === undefined ? undefined : parseInteger(this.pageSize, '--page-size', { min: 1, max: 500 });
    const client = await this.api();
    if (!this.history) {
      const latest = (await client.identity.syncHistory({ page: 1, pageSize: 1 })).syncs[0];
      if (!latest) throw new NotFoundError('no identity sync has run on this server yet', 'start one with scaivault scaikey sync');
      this.output.object(latest, { human: syncPairs(latest) });
      return 0;
    }
    const runs = await client.identity.syncHistory({
      ...(page !== undefined ? { page } : {}),
      ...(pageSize !== undefined ? { pageSize } : {}),
    });
    this.output.list('syncs', runs.syncs, SYNC_COLUMNS, { total: runs.total ?? runs.syncs.length });
    return 0;
  }
}
