import { ScaiVaultCommand, Tokens, UsageError, parseInteger } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { ScaiVaultEvent } from '@scaivault/core/sdk';
import { followSubscription } from '../event-follower.js';
import { EVENT_COLUMNS, eventLine } from '../event-view.js';
import { parsePollTimeout, requireEventId, requireSubscriptionId } from '../input/subscription-input.js';

export class SubscriptionsPollCommand extends ScaiVaultCommand {
  static override paths = [['subscriptions', 'poll']];
  static override effect = 'write' as const;
  static override toolOmits = ['--follow'];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Subscriptions',
    description: 'Long-poll a subscription for events (once, or --follow to keep watching)',
    details: `
      Without \`--follow\`: one poll, held by the server until an event arrives or \`--timeout\` passes (a duration, default 30s,
      at most 60s); prints what arrived (\`{"events": [...], "has_more": ...}\` under \`--json\`) and acknowledges it.

      With \`--follow\`: polls until interrupted, printing each event as it arrives on one line — under \`--json\` one
      compact JSON object per line (NDJSON), each written as soon as the event is received. A dropped connection or a
      restarting server is retried with backoff (reported on stderr) and resumes after the last event printed, so no
      event is lost or printed twice. Ctrl-C (SIGINT) or SIGTERM acknowledges what was printed and exits 0.

      Printed events are acknowledged, so the next poll starts after them; \`--no-ack\` only looks. \`--since EVENT_ID\`
      starts after that event instead of at the oldest unacknowledged one.
    `,
    examples: [
      ['Wait up to 30 s for events', 'scaivault subscriptions poll sub_abc'],
      [
        'Watch rotations as they happen',
        `scaivault subscriptions poll sub_abc --follow --json | jq -r 'select(.event_type=="secret.rotated") | "\\(.path): \\(.data.old_version) -> \\(.data.new_version)"'`,
      ],
      ['Look without acknowledging', 'scaivault subscriptions poll sub_abc --timeout 0s --no-ack --json'],
    ],
  });

  subscriptionId = Option.String({ name: 'subscription-id' });
  follow = Option.Boolean('--follow,-f', false, { description: 'Keep polling and print each event as it arrives' });
  timeout = Option.String('--timeout', { description: 'How long the server may hold a poll, 0s to 60s (default 30s)' });
  maxEvents = Option.String('--max-events', { description: 'At most this many events per poll (1-1000, default 100)' });
  since = Option.String('--since', { description: 'Start after this event id' });
  ack = Option.Boolean('--ack', true, { description: 'Acknowledge printed events (--no-ack only looks)' });

  async execute(): Promise<number> {
    const id = requireSubscriptionId(this.subscriptionId);
    const timeout = this.timeout === undefined ? 30 : parsePollTimeout(this.timeout);
    const maxEvents = this.maxEvents === undefined ? undefined : parseInteger(this.maxEvents, '--max-events', { min: 1, max: 1000 });
    const since = this.since === undefined ? undefined : requireEventId(this.since, '--since');
    if (this.follow && this.field !== undefined)
      throw new UsageError('--field cannot be combined with --follow', 'use --json and pick fields with jq, e.g. jq -r .path');
    const client = await this.api();
    if (this.follow) return this.followEvents(id, { timeout, maxEvents, since, ack: this.ack });

    const batch = await client.subscriptions.poll(id, {
      timeout,
      ...(maxEvents ? { maxEvents } : {}),
      ...(since ? { sinceEventId: since } : {}),
    });
    this.output.list('events', batch.events, EVENT_COLUMNS, { has_more: batch.has_more ?? false });
    if (batch.has_more && !this.output.json) this.output.info('more events are queued: poll again');
    if (this.ack && batch.events.length > 0)
      await client.subscriptions.ack(
        id,
        batch.events.map((event) => event.event_id),
      );
    return 0;
  }

  private async followEvents(
    id: string,
    settings: { timeout: number; maxEvents: number | undefined; since: string | undefined; ack: boolean },
  ): Promise<number> {
    const client = await this.api();
    const clock = this.resolve(Tokens.Clock);
    const stop = this.resolve(Tokens.Waits).listen();
    const print = this.output.json
      ? (event: ScaiVaultEvent) => this.output.raw(`${JSON.stringify(event)}\n`)
      : (event: ScaiVaultEvent) => this.output.raw(`${eventLine(event)}\n`);
    try {
      this.output.info(`following ${id}; Ctrl-C to stop`);
      const outcome = await followSubscription(
        client,
        id,
        settings,
        { print, notice: (text) => this.output.info(text), sleep: (ms, signal) => clock.sleep(ms, signal), random: Math.random },
        stop.signal,
      );
      this.output.info(`stopped after ${outcome.printed} event(s)${outcome.lastEventId ? `; the last was ${outcome.lastEventId}` : ''}`);
      return 0;
    } finally {
      stop.release();
    }
  }
}
