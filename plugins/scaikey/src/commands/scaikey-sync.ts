import { CliError, ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { countsText, scopeOf, syncPairs } from '../sync-view.js';

/** Each wait is one long poll: the server answers as soon as the run ends, or after this long. */
const WAIT_SECONDS = 10;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class ScaiKeySyncCommand extends ScaiVaultCommand {
  static override paths = [['scaikey', 'sync']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'ScaiKey',
    description: "Sync ScaiVault's identity cache from ScaiKey now, and wait for it",
    details: `
      Starts an identity sync (\`POST /v1/identity/sync\`, scope \`identity:admin\`): ScaiVault reads ScaiKey's partners,
      tenants, users, groups and memberships and replaces its cached copy, so group-bound policies see who is in which
      group. Everything the caller administers by default, or one \`--partner-id\` or \`--tenant-id\`. It waits, showing
      progress on a terminal, and reports what was synced; a failed sync is exit 1. \`--no-wait\` prints the sync id at once
      (follow it with \`scaivault scaikey sync-status\`). Ctrl-C stops waiting; the sync goes on on the server.
    `,
    examples: [
      ['Sync everything you administer', 'scaivault scaikey sync'],
      ['One tenant, without waiting', 'scaivault scaikey sync --tenant-id tnt_xyz --no-wait'],
    ],
  });

  partnerId = Option.String('--partner-id', { description: 'Sync only this partner and its tenants' });
  tenantId = Option.String('--tenant-id', { description: 'Sync only this tenant' });
  noWait = Option.Boolean('--no-wait', false, { description: 'Print the sync id and return at once' });

  async execute(): Promise<number> {
    if (this.partnerId !== undefined && this.tenantId !== undefined) throw new UsageError('give --partner-id or --tenant-id, not both');
    for (const [flag, value] of [
      ['--partner-id', this.partnerId],
      ['--tenant-id', this.tenantId],
    ] as const)
      if (value !== undefined && !ID.test(value))
        throw new UsageError(`${flag} must be an id such as tnt_xyz, got ${JSON.stringify(value)}`);
    const client = await this.api();
    const started = await client.identity.sync({
      ...(this.partnerId !== undefined ? { partnerId: this.partnerId } : {}),
      ...(this.tenantId !== undefined ? { tenantId: this.tenantId } : {}),
    });
    if (this.noWait) {
      this.output.success(
        `Identity sync ${started.sync_id} started (${scopeOf(started)}); follow it with: scaivault scaikey sync-status`,
        started,
      );
      return 0;
    }
    // One long poll after another until the run ends (the server waits, so no pause between them).
    const done = await this.resolve(Tokens.Waits).poll(started, {
      get: (signal) => client.identity.syncRun(started.sync_id, { waitSeconds: WAIT_SECONDS, signal }),
      done: (run) => run.status === 'completed' || run.status === 'failed',
      intervalMs: 0,
      describe: (run) => `sync ${run.sync_id}: ${run.status}`,
      interrupted: () =>
        `stopped waiting; identity sync ${started.sync_id} goes on on the server: check it with scaivault scaikey sync-status`,
    });
    if (done.status === 'failed') {
      throw new CliError(`identity sync ${done.sync_id} failed: ${done.error ?? 'the server gave no reason'}`, {
        code: 'identity_sync_failed',
      });
    }
    if (this.output.json || this.output.options.field !== undefined) this.output.object(done, { human: syncPairs(done) });
    else this.output.success(`Identity sync ${done.sync_id} completed (${scopeOf(done)}): ${countsText(done) || 'nothing to sync'}`);
    return 0;
  }
}
