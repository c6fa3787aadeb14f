import { CliError, ScaiVaultCommand, Tokens } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireBackend } from '../federation-view.js';

/** How often the CLI asks the server how the sync is doing. */
const POLL_MS = 1000;

export class FederationSyncCommand extends ScaiVaultCommand {
  static override paths = [['federation', 'sync']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Federation',
    description: 'Sync a sync-mode backend now and wait for it, then print what it copied',
    details: `
      The server copies every backend secret under the backend's path mapping into ScaiVault (sealed like any
      secret), replacing a local copy only while nobody changed it here; a path whose two sides differ is listed
      as a conflict instead (\`scaivault federation conflicts <id>\`). This waits with progress on stderr (on a
      terminal) and prints the counts; a failed sync is exit 1 with the backend's reason, and the local copies
      stay as they were. \`--no-wait\` prints the sync id at once. Ctrl-C stops the waiting, not the sync. A
      proxy-mode backend has nothing to sync (exit 5).
    `,
    examples: [
      ['Sync and wait', 'scaivault federation sync fed_abc'],
      ['Start it and return', 'scaivault federation sync fed_abc --no-wait'],
    ],
  });

  backend = Option.String({ name: 'id' });
  noWait = Option.Boolean('--no-wait', false, { description: 'Print the sync id and return at once' });

  async execute(): Promise<number> {
    const id = requireBackend(this.backend);
    const client = await this.api();
    const started = await client.federation.sync(id);
    if (this.noWait) {
      this.output.success(`Started sync ${started.sync_id} of backend ${id}; check it with: scaivault federation status ${id}`, started);
      return 0;
    }
    let last = started;
    const done = await this.resolve(Tokens.Waits).poll(started, {
      // One sync runs per backend at a time: once the latest is not running, this one has finished.
      get: async () => (last = (await client.federation.status(id)).sync ?? last),
      done: (sync) => sync.status !== 'running',
      intervalMs: POLL_MS,
      describe: (sync) => `sync ${sync.sync_id}: ${sync.status}${sync.secrets_synced ? `, ${sync.secrets_synced} so far` : ''}`,
      interrupted: () =>
        `stopped waiting; sync ${started.sync_id} keeps running on the server: check it with scaivault federation status ${id}`,
    });
    if (done.status === 'failed')
      throw new CliError(`sync ${done.sync_id} of backend ${id} failed: ${done.error ?? 'the server gave no reason'}`, {
        code: 'federation_sync_failed',
        hint: `the local copies are unchanged; check the backend with: scaivault federation status ${id}`,
      });
    const conflicts = done.conflicts ?? 0;
    this.output.success(`Synced ${done.secrets_synced ?? 0} secret(s) from backend ${id}; ${conflicts} conflict(s)`, done);
    if (conflicts > 0 && !this.output.json)
      this.output.warn(`${conflicts} path(s) differ here and in the backend: scaivault federation conflicts ${id}`);
    return 0;
  }
}
