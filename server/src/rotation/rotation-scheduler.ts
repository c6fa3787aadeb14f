import type { Store } from '../storage/store.js';
import { LeaderJob } from '../shared/leader-job.js';
import { iso, type Clock } from '../shared/time.js';
import { newRequestId } from '../shared/ids.js';
import { parseDuration } from '../shared/durations.js';
import { systemActor } from '../shared/actor.js';
import type { EventBus } from '../events/event-bus.js';
import type { SecretsService } from '../secrets/secrets-service.js';
import type { RotationPolicies, RotationPolicyRow, AssignedSecret } from './rotation-policies.js';
import type { Rotator } from './rotator.js';

/** The documented default `notify_before` thresholds for `secret.expiring`. */
const EXPIRY_THRESHOLDS = ['30d', '7d', '1d'].map((text) => ({ text, ms: parseDuration(text, 'notify_before') }));
/** Events older than this that nobody still needs are pruned. */
const EVENT_RETENTION_MS = 7 * 86_400_000;

export interface DueSecret {
  secret_path: string;
  policy_id: string;
  policy_name: string;
  current_version: number;
  last_rotated_at: string | null;
  due_at: string;
  overdue: boolean;
}

/**
 * Runs rotation schedules and expiry notices on the leader, on an interval timer. Time comes from
 * the injected clock, so tests move time instead of waiting. Every notice is recorded in `schedule_notices` before it is emitted, so a warning
 * is sent once even across restarts; of several thresholds crossed at once only the nearest fires.
 */
export class RotationScheduler extends LeaderJob {
  private readonly rotating = new Set<string>();

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly policies: RotationPolicies,
    private readonly rotator: Rotator,
    private readonly secrets: SecretsService,
    private readonly events: EventBus,
    log: (line: string) => void,
  ) {
    super(store, 'rotation-scheduler', log);
  }

  async due(tenantId: string, withinMs: number, includeOverdue: boolean, policyId: string | undefined): Promise<DueSecret[]> {
    const now = this.clock();
    const out: DueSecret[] = [];
    for (const policy of await this.policies.policiesOf(tenantId, policyId)) {
      if (policy.is_active !== 1) continue;
      for (const secret of await this.policies.assigned(policy)) {
        const dueAt = secret.value_written_at + policy.interval_ms;
        const overdue = dueAt <= now;
        if (dueAt > now + withinMs || (overdue && !includeOverdue)) continue;
        out.push({
          secret_path: secret.path,
          policy_id: policy.id,
          policy_name: policy.name,
          current_version: secret.current_version,
          last_rotated_at: iso(secret.last_rotated_at),
          due_at: iso(dueAt),
          overdue,
        });
      }
    }
    return out.sort((a, b) => a.due_at.localeCompare(b.due_at) || a.secret_path.localeCompare(b.secret_path));
  }

  /** One pass over every schedule: rotations, their warnings, expiry notices, then pruning old events. */
  protected async pass(): Promise<void> {
    for (const policy of await this.policies.activePolicies()) {
      for (const secret of await this.policies.assigned(policy)) await this.schedule(policy, secret);
    }
    await this.expiryNotices();
    await this.events.prune(this.clock() - EVENT_RETENTION_MS);
  }

  private async schedule(policy: RotationPolicyRow, secret: AssignedSecret): Promise<void> {
    const now = this.clock();
    const dueAt = secret.value_written_at + policy.interval_ms;
    const actor = systemActor(policy.tenant_id, 'rotation-scheduler', newRequestId());
    const webhookIds = JSON.parse(policy.webhook_ids) as string[];
    const crossed = this.policies.warnings(policy).filter((warning) => now >= dueAt - warning.ms && now < dueAt);
    if (
      crossed.length > 0 &&
      (await this.notice(
        policy.tenant_id,
        secret.path,
        'rotation.due',
        dueAt,
        crossed.map((w) => w.text),
      ))
    ) {
      const nearest = crossed[crossed.length - 1]!;
      await this.events.emit(actor, {
        type: 'rotation.due',
        path: secret.path,
        attributes: { webhook_ids: webhookIds },
        data: {
          rotation_policy_id: policy.id,
          rotation_policy_name: policy.name,
          due_at: iso(dueAt),
          threshold: nearest.text,
          warn_before: nearest.text,
          due_now: false,
          current_version: secret.current_version,
        },
      });
    }
    if (now < dueAt) return;
    const key = `${policy.tenant_id}\u0000${secret.path}`;
    if (policy.auto_generate === 1) {
      if (this.rotating.has(key)) return;
      this.rotating.add(key);
      try {
        await this.rotator.rotateDue(actor, secret.path, secret.current_version);
      } catch (error) {
        this.log(`scheduler: rotating ${secret.path} failed: ${(error as Error).message}`);
      } finally {
        this.rotating.delete(key);
      }
      return;
    }
    if (await this.notice(policy.tenant_id, secret.path, 'rotation.due_now', dueAt, ['now'])) {
      await this.rotator.requestManualRotation(actor, policy, secret.path, secret.current_version, dueAt);
    }
    const graceEnds = dueAt + policy.grace_period_ms;
    if (now >= graceEnds && (await this.notice(policy.tenant_id, secret.path, 'rotation.overdue', dueAt, ['grace']))) {
      await this.events.emit(actor, {
        type: 'rotation.overdue',
        path: secret.path,
        attributes: { webhook_ids: webhookIds },
        data: {
          rotation_policy_id: policy.id,
          rotation_policy_name: policy.name,
          due_at: iso(dueAt),
          grace_period_ends: iso(graceEnds),
          current_version: secret.current_version,
        },
      });
    }
  }

  private async expiryNotices(): Promise<void> {
    const now = this.clock();
    for (const secret of await this.secrets.allWithExpiry()) {
      const expiresAt = secret.expires_at!;
      const actor = systemActor(secret.tenant_id, 'expiry-scheduler', newRequestId());
      if (now >= expiresAt) {
        if (await this.notice(secret.tenant_id, secret.path, 'secret.expired', expiresAt, ['expired'])) {
          await this.events.emit(actor, {
            type: 'secret.expired',
            path: secret.path,
            attributes: { secret_type: secret.secret_type },
            data: { expires_at: iso(expiresAt), version: secret.current_version },
          });
        }
        continue;
      }
      const crossed = EXPIRY_THRESHOLDS.filter((threshold) => now >= expiresAt - threshold.ms);
      if (
        crossed.length > 0 &&
        (await this.notice(
          secret.tenant_id,
          secret.path,
          'secret.expiring',
          expiresAt,
          crossed.map((t) => t.text),
        ))
      ) {
        const nearest = crossed[crossed.length - 1]!;
        await this.events.emit(actor, {
          type: 'secret.expiring',
          path: secret.path,
          attributes: { secret_type: secret.secret_type },
          data: {
            expires_at: iso(expiresAt),
            days_remaining: Math.max(0, Math.floor((expiresAt - now) / 86_400_000)),
            threshold: nearest.text,
          },
        });
      }
    }
  }

  /** Records the crossed thresholds; true when the nearest one had not been noticed before. */
  private async notice(tenantId: string, path: string, kind: string, dueAt: number, thresholds: string[]): Promise<boolean> {
    return this.store.transaction(async () => {
      let nearestIsNew = false;
      for (const [index, threshold] of thresholds.entries()) {
        const result = await this.store.db
          .insertInto('schedule_notices')
          .values({ tenant_id: tenantId, path, kind, due_at: dueAt, threshold })
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        if (index === thresholds.length - 1) nearestIsNew = result.numInsertedOrUpdatedRows === 1n;
      }
      return nearestIsNew;
    });
  }
}
