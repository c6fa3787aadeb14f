import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import { systemActor } from '../shared/actor.js';
import { newRequestId } from '../shared/ids.js';
import type { AcmeOrders, ChallengeType } from './acme-orders.js';
import type { OrderRunner } from './order-runner.js';
import type { AcmeCertificateStore } from './issued-certificates.js';

/** Orders one instance runs at once; the rest wait their turn. */
const MAX_RUNNING = 4;
/** After a failed renewal, the next attempt waits this long (the CA's problem is in the failed order and its event). */
const RENEWAL_RETRY_MS = 12 * 3_600_000;
const MIN_AGE_BEFORE_RENEWAL_MS = 86_400_000;

/**
 * Runs waiting orders and starts renewals, on the leader only (`store.leads('acme-orders')`). Each
 * order is claimed with a conditional update before it runs, so even two instances that both
 * believe they lead run it once. A request placing an order wakes the worker at once.
 */
export class AcmeOrderWorker {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private passing: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly orders: AcmeOrders,
    private readonly runner: OrderRunner,
    private readonly certificates: AcmeCertificateStore,
    private readonly renewWindowMs: number,
    private readonly log: (line: string) => void,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.store.onAnnouncement('acme-orders', () => this.kick());
  }

  /** Looks for work now (again right after the current look, if one is under way). */
  kick(): void {
    if (this.stopped) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    this.passing = this.pass().finally(() => {
      this.passing = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async pass(): Promise<void> {
    try {
      if (!this.store.isOpen || !(await this.store.leads('acme-orders'))) return;
      await this.startRenewals();
      if (this.running.size >= MAX_RUNNING) return;
      for (const row of await this.orders.waiting(MAX_RUNNING * 2)) {
        if (this.running.size >= MAX_RUNNING || this.stopped) break;
        if (this.running.has(row.id) || !(await this.orders.claim(row))) continue;
        const run = this.runner
          .run(row, () => this.stopped)
          .catch((error: unknown) => this.log(`acme: order ${row.id}: ${(error as Error).message}`))
          .finally(() => {
            this.running.delete(row.id);
            this.kick();
          });
        this.running.set(row.id, run);
      }
    } catch (error) {
      if (this.store.isOpen) this.log(`acme: ${(error as Error).message}`);
    }
  }

  /** A renewal order for each auto-renewing certificate inside the window that has none under way. */
  private async startRenewals(): Promise<void> {
    const now = this.clock();
    for (const certificate of await this.certificates.dueForRenewal(now + this.renewWindowMs)) {
      // A certificate shorter-lived than the window renews with a third of its life left, not at once on issue.
      const lifetime = certificate.not_after - certificate.not_before;
      if (now < certificate.not_after - Math.min(this.renewWindowMs, lifetime / 3)) continue;
      // Nor is a certificate renewed within a day of being kept, whatever its dates say (a CA's clock ahead of ours, a loop).
      if (now - certificate.created_at < MIN_AGE_BEFORE_RENEWAL_MS) continue;
      const last = await this.orders.latestRenewal(certificate.id);
      if (last && (last.status === 'pending' || last.status === 'processing')) continue;
      if (last && last.status === 'invalid' && (last.completed_at ?? 0) > now - RENEWAL_RETRY_MS) continue;
      const original = await this.orders.row(certificate.tenant_id, certificate.order_id);
      if (!original) continue;
      await this.orders.create(systemActor(certificate.tenant_id, 'acme-renewal', newRequestId()), {
        accountId: original.account_id,
        domains: JSON.parse(original.domains) as string[],
        challengeType: original.challenge_type as ChallengeType,
        dnsProviderId: original.dns_provider_id ?? undefined,
        // A caller's CSR is signed again (the server never had that key); otherwise a new key.
        csrPem: original.csr_pem ?? undefined,
        autoRenew: true,
        renewalOf: certificate.id,
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.passing;
    await Promise.allSettled(this.running.values());
  }
}
