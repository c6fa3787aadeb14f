import type { Clock } from '@scaivault/core';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

/** The events after which a referenced secret may hold another value. */
const CHANGE_EVENTS = ['secret.created', 'secret.updated', 'secret.rotated', 'secret.deleted'];
/** Seconds the server may hold each poll (its maximum is 60). */
const POLL_SECONDS = 30;
const DELETE_TIMEOUT_MS = 5_000;

export interface WatchNotices {
  info(text: string): void;
  warn(text: string): void;
}

/**
 * Watches the secrets a `run` reads through a polling subscription of its own on exactly those
 * paths, long-polled (the server holds each poll until an event arrives), so nothing is fetched
 * until something changed. Events arriving within `debounceMs` of each other count as one change;
 * `onChange` is called once the burst is over. A dropped connection or a restarting server is
 * retried with backoff by the SDK's follower, which resumes after the last event seen. The
 * subscription is deleted when the watch stops.
 */
export class ChangeWatch {
  private readonly stopped = new AbortController();
  private following: Promise<void> | undefined;
  private subscriptionId: string | undefined;

  constructor(
    private readonly client: ScaiVaultClient,
    private readonly clock: Clock,
    private readonly notices: WatchNotices,
  ) {}

  /** Creates the subscription. Called before the values are first read, so no change in between is missed. */
  async subscribe(paths: readonly string[]): Promise<void> {
    const subscription = await this.client.subscriptions.create({
      name: `scaivault run --watch (pid ${process.pid})`,
      paths: [...paths],
      events: CHANGE_EVENTS,
      delivery: { type: 'polling' },
    });
    this.subscriptionId = subscription.id;
  }

  /** Follows the subscription in the background until `stop()`. */
  start(debounceMs: number, onChange: (paths: string[]) => void): void {
    const id = this.subscriptionId;
    if (id === undefined || this.following) return;
    const signal = this.stopped.signal;
    let burst: AbortController | undefined;
    let changed = new Set<string>();
    const settle = (): void => {
      burst?.abort();
      const quiet = new AbortController();
      burst = quiet;
      this.clock.sleep(debounceMs, AbortSignal.any([quiet.signal, signal])).then(
        () => {
          const paths = [...changed];
          changed = new Set();
          onChange(paths);
        },
        () => undefined,
      );
    };
    const events = this.client.subscriptions.follow(id, {
      timeout: POLL_SECONDS,
      signal,
      onRetry: (error, delayMs) => {
        this.notices.warn(
          `watch: connection to ScaiVault lost (${error.message}); reconnecting in ${(delayMs / 1000).toFixed(1)} s; the program keeps running`,
        );
      },
    });
    this.following = (async () => {
      try {
        for await (const event of events) {
          if (typeof event.path === 'string') changed.add(event.path);
          settle();
        }
      } catch (error) {
        if (!signal.aborted) this.notices.warn(`watch stopped: ${(error as Error).message}; the program keeps running without restarts`);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    await this.following;
    if (this.subscriptionId === undefined) return;
    const id = this.subscriptionId;
    this.subscriptionId = undefined;
    try {
      await this.client.subscriptions.delete(id, { timeoutMs: DELETE_TIMEOUT_MS });
    } catch (error) {
      this.notices.warn(
        `could not delete the watch subscription ${id} (${(error as Error).message}); delete it with: scaivault subscriptions delete ${id}`,
      );
    }
  }
}
