import { createHmac } from 'node:crypto';
import { newTimeOrderedId } from '../shared/ids.js';
import type { DirectoryChange } from './directory.js';

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** `sha256=` + hex HMAC-SHA256 of `"{timestamp}.{raw body}"`, the scheme ScaiVault's own webhooks use. */
export function scaiKeySignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

const ATTEMPTS = 3;
const RETRY_DELAY_MS = 200;

/**
 * Sends each directory change to every target as one signed event, one at a time and in order
 * (a member added after its group is created arrives after it). A target that keeps failing is
 * logged and skipped; ScaiVault's `sync` repairs what it missed.
 */
export class ChangeWebhooks {
  readonly targets: WebhookTarget[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: () => number,
    private readonly log: (line: string) => void,
  ) {}

  send(change: DirectoryChange): void {
    if (this.targets.length === 0) return;
    const event = {
      id: newTimeOrderedId('evt', this.clock()),
      type: change.type,
      occurred_at: new Date(this.clock()).toISOString(),
      data: change.data,
    };
    const targets = [...this.targets];
    this.queue = this.queue.then(async () => {
      for (const target of targets) await this.deliver(target, event);
    });
  }

  /** Resolves once every change so far has been delivered (or given up on). */
  settled(): Promise<void> {
    return this.queue;
  }

  private async deliver(target: WebhookTarget, event: { id: string; type: string }): Promise<void> {
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const timestamp = Math.floor(this.clock() / 1000);
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-scaikey-event-id': event.id,
            'x-scaikey-event-type': event.type,
            'x-scaikey-timestamp': String(timestamp),
            'x-scaikey-signature': scaiKeySignature(target.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(5_000),
          redirect: 'manual',
        });
        await response.arrayBuffer();
        // 409: the receiver already has this event, which is what a retry wanted.
        if (response.ok || response.status === 409) return;
        this.log(`scaikey webhook ${event.type} to ${target.url}: HTTP ${response.status} (attempt ${attempt})`);
      } catch (error) {
        this.log(`scaikey webhook ${event.type} to ${target.url}: ${(error as Error).message} (attempt ${attempt})`);
      }
      if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
    }
  }
}
