import { CliError, InterruptedError, ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { IdentitySyncRun } from '@scaivault/core/sdk';
import { countsText, scopeOf, syncPairs } from '../sync-view.js';

/** Each wait is one long poll: the server answers as soon as the run ends, or after this long. */
const WAIT_SECONDS = 10;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class ScaiKeySyncCommand extends ScaiVaultCommand {
  static override paths = [['scaikey', 'sync']];

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
    const done = await this.waitFor(started, (id) => client.identity.syncRun(id, { waitSeconds: WAIT_SECONDS }));
    if (done.status === 'failed') {
      throw new CliError(`identity sync ${done.sync_id} failed: ${done.error ?? 'the server gave no reason'}`, {
        code: 'identity_sync_failed',
      });
    }
    if (this.output.json || this.output.options.field !== undefined) this.output.object(done, { human: syncPairs(done) });
    else this.output.success(`Identity sync ${done.sync_id} completed (${scopeOf(done)}): ${countsText(done) || 'nothing to sync'}`);
    return 0;
  }

  /** One long poll after another until the run ends; on a terminal, a progress line whenever its state changes. */
  private async waitFor(run: IdentitySyncRun, get: (id: string) => Promise<IdentitySyncRun>): Promise<IdentitySyncRun> {
    const clock = this.resolve(Tokens.Clock);
    const started = clock.now();
    const tty = Boolean((this.context.stderr as { isTTY?: boolean }).isTTY);
    let interrupted = false;
    const onInterrupt = () => (interrupted = true);
    process.once('SIGINT', onInterrupt);
    try {
      let current = run;
      let shown = '';
      for (;;) {
        if (tty && current.status !== shown)
          this.output.info(`sync ${current.sync_id}: ${current.status}, ${Math.round((clock.now() - started) / 1000)} s`);
        shown = current.status;
        if (current.status === 'completed' || current.status === 'failed') return current;
        if (interrupted)
          throw new InterruptedError(
            `stopped waiting; identity sync ${run.sync_id} goes on on the server: check it with scaivault scaikey sync-status`,
          );
        current = await get(run.sync_id);
      }
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  }
}
