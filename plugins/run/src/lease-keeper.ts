import type { Clock } from '@scaivault/core';
import type { LeasedCredentials, ScaiVaultClient } from '@scaivault/core/sdk';

/** Renew at half-life, so a slow or failed renewal still has time to be retried before the lease ends. */
const RENEW_AT = 1 / 2;
const MIN_RENEW_INTERVAL_MS = 1_000;
const RETRY_AFTER_FAILURE_MS = 5_000;
const REVOKE_TIMEOUT_MS = 10_000;

interface HeldLease {
  engine: string;
  role: string;
  leaseId: string;
  data: Record<string, unknown>;
  /** Seconds each renewal asks for: what the lease was issued with. */
  durationSeconds: number;
  renewable: boolean;
}

export interface LeaseNotices {
  warn(text: string): void;
}

/**
 * The dynamic leases of one `run`: one per engine and role, issued before the program starts,
 * renewed while it runs and revoked when it ends — however it ends, since `revokeAll` runs in the
 * command's `finally`. A lease that cannot be revoked is reported with the time it expires anyway.
 */
export class LeaseKeeper {
  private readonly leases = new Map<string, HeldLease>();
  /** Issuances still on their way: revoked too once they arrive, so an interrupted start leaves no lease behind. */
  private readonly issuing = new Map<string, Promise<HeldLease>>();
  private readonly stopRenewing = new AbortController();
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly client: ScaiVaultClient,
    private readonly clock: Clock,
    private readonly notices: LeaseNotices,
  ) {}

  /** Issues (once) the lease for `engine/role` and answers its credential's fields. */
  async credentials(engine: string, role: string): Promise<Record<string, unknown>> {
    const key = `${engine}/${role}`;
    const held = this.leases.get(key);
    if (held) return held.data;
    let pending = this.issuing.get(key);
    if (!pending) {
      pending = this.client.dynamic.creds(engine, role).then((lease: LeasedCredentials) => {
        const issued = {
          engine,
          role,
          leaseId: lease.lease_id,
          data: lease.data,
          durationSeconds: lease.lease_duration ?? 0,
          renewable: lease.renewable !== false,
        };
        this.leases.set(key, issued);
        return issued;
      });
      this.issuing.set(key, pending);
      void pending.finally(() => this.issuing.delete(key)).catch(() => undefined);
    }
    return (await pending).data;
  }

  get count(): number {
    return this.leases.size;
  }

  /** Starts renewing every held lease in the background until `revokeAll`. */
  startRenewing(): void {
    if (this.renewing || this.leases.size === 0) return;
    this.renewing = Promise.all([...this.leases.values()].map((lease) => this.renewLoop(lease))).then(() => undefined);
  }

  private async renewLoop(lease: HeldLease): Promise<void> {
    if (!lease.renewable || lease.durationSeconds <= 0) {
      this.notices.warn(`lease ${lease.leaseId} (${lease.engine}/${lease.role}) is not renewable: the credential ends when it expires`);
      return;
    }
    const signal = this.stopRenewing.signal;
    let wait = Math.max(MIN_RENEW_INTERVAL_MS, lease.durationSeconds * 1000 * RENEW_AT);
    while (!signal.aborted) {
      try {
        await this.clock.sleep(wait, signal);
      } catch {
        return;
      }
      try {
        const renewed = await this.client.dynamic.leases.renew(lease.leaseId, { ttl: `${lease.durationSeconds}s`, signal });
        const left = renewed.lease_duration ?? lease.durationSeconds;
        if (left < lease.durationSeconds - 2) {
          // Capped by the role's max TTL: the next renewal would gain nothing more.
          this.notices.warn(
            `lease ${lease.leaseId} (${lease.engine}/${lease.role}) reached its maximum lifetime; it expires at ${renewed.expires_at ?? 'its max TTL'}`,
          );
          return;
        }
        wait = Math.max(MIN_RENEW_INTERVAL_MS, left * 1000 * RENEW_AT);
      } catch (error) {
        if (signal.aborted) return;
        this.notices.warn(`could not renew lease ${lease.leaseId} (${(error as Error).message}); retrying`);
        wait = RETRY_AFTER_FAILURE_MS;
      }
    }
  }

  /** Stops renewing and revokes every lease; failures are reported, never thrown. */
  async revokeAll(): Promise<void> {
    this.stopRenewing.abort();
    await this.renewing;
    await Promise.allSettled([...this.issuing.values()]);
    const leases = [...this.leases.values()];
    this.leases.clear();
    await Promise.all(
      leases.map(async (lease) => {
        try {
          await this.client.dynamic.leases.revoke(lease.leaseId, { timeoutMs: REVOKE_TIMEOUT_MS });
        } catch (error) {
          this.notices.warn(
            `could not revoke lease ${lease.leaseId} (${(error as Error).message}); revoke it with: scaivault dynamic leases revoke ${lease.leaseId}`,
          );
        }
      }),
    );
  }
}
