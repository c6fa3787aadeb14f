import { NetworkError, RateLimitError, ServiceUnavailableError, type ScaiVaultClient, type ScaiVaultEvent } from '@scaivault/core/sdk';

export interface FollowSettings {
  /** Seconds the server may hold each poll. */
  timeout: number;
  maxEvents?: number | undefined;
  /** Start after this event; otherwise at the oldest unacknowledged one. */
  since?: string | undefined;
  /** Acknowledge what was printed. */
  ack: boolean;
}

export interface FollowIo {
  /** Prints one event; it counts as delivered once this returns. */
  print(event: ScaiVaultEvent): void;
  /** A message for the person watching (stderr). */
  notice(text: string): void;
  /** Waits `ms`, rejecting early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** 0 ≤ n < 1, for jitter. */
  random(): number;
}

export interface FollowOutcome {
  printed: number;
  lastEventId: string | undefined;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
const FINAL_ACK_TIMEOUT_MS = 5_000;

/** A dropped connection, a restarting server or a rate limit: worth waiting out. */
export function isTransient(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof ServiceUnavailableError || error instanceof RateLimitError;
}

/** Exponential backoff from 0.5 s to 30 s, with jitter in its upper half so many followers do not reconnect in step. */
export function retryDelay(failures: number, random: number): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * Long-polls a subscription until `signal` aborts, printing each event once, in order. The id of
 * the last printed event is sent as `since_event_id` on every poll, so after a dropped connection
 * or a server restart nothing is printed twice, whether or not its acknowledgement got through;
 * acknowledgements ride ahead of the next poll and once more on the way out.
 */
export async function followSubscription(
  client: ScaiVaultClient,
  id: string,
  settings: FollowSettings,
  io: FollowIo,
  signal: AbortSignal,
): Promise<FollowOutcome> {
  let since = settings.since;
  let printed = 0;
  let failures = 0;
  const unacknowledged: string[] = [];
  while (!signal.aborted) {
    try {
      if (settings.ack && unacknowledged.length > 0) {
        await client.subscriptions.ack(id, unacknowledged, { signal });
        unacknowledged.length = 0;
      }
      const batch = await client.subscriptions.poll(id, {
        timeout: settings.timeout,
        signal,
        ...(settings.maxEvents === undefined ? {} : { maxEvents: settings.maxEvents }),
        ...(since === undefined ? {} : { sinceEventId: since }),
      });
      if (failures > 0)
        io.notice(`reconnected; resuming ${since === undefined ? 'from the oldest unacknowledged event' : `after ${since}`}`);
      failures = 0;
      for (const event of batch.events) {
        io.print(event);
        printed++;
        since = event.event_id;
        unacknowledged.push(event.event_id);
      }
    } catch (error) {
      if (signal.aborted) break;
      if (!isTransient(error)) throw error;
      failures++;
      const delay = retryDelay(failures, io.random());
      io.notice(`connection to ScaiVault lost (${(error as Error).message}); reconnecting in ${(delay / 1000).toFixed(1)} s`);
      try {
        await io.sleep(delay, signal);
      } catch {
        break;
      }
    }
  }
  if (settings.ack && unacknowledged.length > 0) {
    try {
      await client.subscriptions.ack(id, unacknowledged, { timeoutMs: FINAL_ACK_TIMEOUT_MS });
    } catch (error) {
      io.notice(
        `could not acknowledge the last ${unacknowledged.length} event(s) (${(error as Error).message}); the next poll without --since gets them again`,
      );
    }
  }
  return { printed, lastEventId: since };
}
