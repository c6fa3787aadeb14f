import type { Store } from '../storage/store.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import type { Actor } from '../shared/actor.js';
import type { EventBus } from '../events/event-bus.js';
import type { SecretsService, SecretRow, RotationWrite } from '../secrets/secrets-service.js';
import type { SecretPolicies } from '../secret-policies/secret-policies.js';
import { regenerateFields } from '../secret-policies/generators.js';
import type { RotationPolicies, RotationPolicyRow } from './rotation-policies.js';
import type { Selectable } from 'kysely';
import type { RotationHistoryTable } from './rotation-tables.js';

type HistoryRow = Selectable<RotationHistoryTable>;

const DEFAULT_GRACE_MS = 48 * 3_600_000;

/**
 * Produces new versions: from the secret's (or its rotation policy's) secret policy when one is
 * linked, otherwise fresh random values for the same fields. Records a history item per secret
 * and emits `rotation.completed` / `rotation.failed` (and, via the write, `secret.rotated`).
 */
export class Rotator {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretsService,
    private readonly secretPolicies: SecretPolicies,
    private readonly policies: RotationPolicies,
    private readonly events: EventBus,
  ) {
    secrets.onWrite((actor, row, oldVersion, rotation) => this.completeManualRotation(actor, row, oldVersion, rotation));
  }

  /**
   * Rotates one secret now; throws if it cannot (the per-secret `rotate` endpoint, and the
   * scheduler for `auto_generate` policies). The new value comes from the secret's secret policy,
   * or its rotation policy's. Without one, random values replace the fields only when asked for:
   * `random` on the request, or a rotation policy with `auto_generate` (which documents random
   * values). Otherwise `400 generator_required`: a JSON secret silently replaced by random
   * strings is data loss.
   */
  async rotateSecret(
    actor: Actor,
    path: string,
    triggeredBy: string,
    options: { random?: boolean } = {},
  ): Promise<{ item: Record<string, unknown> | null; result: Record<string, unknown> }> {
    const row = await this.secrets.liveRow(actor.tenantId, path);
    const policy = row.rotation_policy_id ? await this.policies.row(actor.tenantId, row.rotation_policy_id) : undefined;
    const generator = row.secret_policy_id ?? policy?.secret_policy_id ?? null;
    if (generator === null && !options.random && policy?.auto_generate !== 1) {
      throw new ApiError(
        400,
        'generator_required',
        `Secret '${path}' has no secret policy to generate its new value: link one (options.secret_policy_id) or write the new value; send {"random": true} to replace each field with random characters`,
        { path },
      );
    }
    const outcome = await this.rotate(actor, row, policy, triggeredBy);
    if (outcome.error) throw outcome.error;
    return { item: outcome.item, result: outcome.result! };
  }

  /** `POST /v1/rotation/policies/{id}/rotate`: every attached secret, or just `paths`. */
  async triggerPolicy(actor: Actor, policyId: string, paths: string[] | undefined): Promise<Record<string, unknown>[]> {
    const policy = await this.policies.row(actor.tenantId, policyId);
    const attached = await this.policies.assigned(policy);
    const chosen = paths ? attached.filter((secret) => paths.includes(secret.path)) : attached;
    const strangers = (paths ?? []).filter((path) => !attached.some((secret) => secret.path === path));
    if (strangers.length > 0)
      throw invalidRequest(`Not attached to rotation policy '${policyId}': ${strangers.join(', ')}`, { secret_paths: strangers });
    const items: Record<string, unknown>[] = [];
    for (const secret of chosen) {
      if (policy.auto_generate === 1) {
        const outcome = await this.rotate(actor, await this.secrets.liveRow(actor.tenantId, secret.path), policy, actor.identity.id);
        if (outcome.item) items.push(outcome.item);
      } else {
        items.push(await this.requestManualRotation(actor, policy, secret.path, secret.current_version, this.clock()));
      }
    }
    return items;
  }

  /** For `auto_generate: false`: announce `rotation.due` with `due_now` and wait for a client to write. */
  async requestManualRotation(
    actor: Actor,
    policy: RotationPolicyRow,
    path: string,
    currentVersion: number,
    dueAt: number,
  ): Promise<Record<string, unknown>> {
    return this.store.transaction(async () => {
      const pending = await this.pendingHistory(actor.tenantId, path, policy.id);
      if (pending) return historyView(pending);
      const item = await this.startHistory(actor, policy.id, path, currentVersion, actor.identity.id);
      await this.events.emit(actor, {
        type: 'rotation.due',
        path,
        attributes: { webhook_ids: JSON.parse(policy.webhook_ids) as string[] },
        data: {
          rotation_policy_id: policy.id,
          rotation_policy_name: policy.name,
          due_at: iso(dueAt),
          due_now: true,
          current_version: currentVersion,
        },
      });
      return historyView(item);
    });
  }

  async history(
    tenantId: string,
    policyId: string,
    status: string | undefined,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<{ seq: number; view: Record<string, unknown> }[]> {
    await this.policies.row(tenantId, policyId);
    let query = this.store.db
      .selectFrom('rotation_history')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('policy_id', '=', policyId);
    if (status !== undefined) query = query.where('status', '=', status);
    if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
    const rows = (await query
      .orderBy('seq', 'desc')
      .limit(limit + 1)
      .execute()) as HistoryRow[];
    return rows.map((row) => ({ seq: row.seq, view: historyView(row) }));
  }

  /**
   * The scheduler's rotation of a secret it found due at `dueVersion`. The history item, the new
   * version and their events commit in one transaction that writes only while the secret is still
   * at that version, so a due rotation happens once even when two instances both believe they lead
   * (an old leader mid-pass as its lock passes to another): the later one finds the version moved
   * and does nothing. False when that is what happened.
   */
  async rotateDue(actor: Actor, path: string, dueVersion: number): Promise<boolean> {
    const row = await this.secrets.liveRow(actor.tenantId, path);
    if (row.current_version !== dueVersion) return false;
    const policy = row.rotation_policy_id ? await this.policies.row(actor.tenantId, row.rotation_policy_id) : undefined;
    const outcome = await this.rotate(actor, row, policy, 'system:rotation-scheduler', dueVersion);
    if (outcome.error) throw outcome.error;
    return !outcome.superseded;
  }

  private async rotate(
    actor: Actor,
    row: SecretRow,
    policy: RotationPolicyRow | undefined,
    triggeredBy: string,
    ifVersion?: number,
  ): Promise<{ item: Record<string, unknown> | null; result?: Record<string, unknown>; error?: ApiError; superseded?: true }> {
    let data: Record<string, unknown>;
    try {
      const recipeId = row.secret_policy_id ?? policy?.secret_policy_id ?? null;
      data = recipeId
        ? await this.secretPolicies.generate(actor.tenantId, recipeId)
        : regenerateFields(await this.secrets.currentData(actor.tenantId, row.path));
    } catch (error) {
      return this.recordFailure(actor, row, policy, triggeredBy, error);
    }
    const rotation: RotationWrite = {
      policyId: policy?.id ?? null,
      policyName: policy?.name ?? null,
      gracePeriodMs: policy?.grace_period_ms ?? DEFAULT_GRACE_MS,
      autoGenerated: true,
      webhookIds: policy ? (JSON.parse(policy.webhook_ids) as string[]) : [],
    };
    try {
      // Generated first (it may take a while), then history, write and events commit together.
      return await this.store.transaction(async () => {
        const history = policy ? await this.startHistory(actor, policy.id, row.path, row.current_version, triggeredBy) : undefined;
        const written = await this.secrets.write(actor, row.path, { data, ifVersion }, rotation);
        const result = {
          path: row.path,
          old_version: written.oldVersion,
          new_version: written.newVersion,
          rotated_at: iso(this.clock()),
          auto_generated: true,
          rotation_policy_id: policy?.id ?? null,
        };
        if (!policy || !history) return { item: null, result };
        const finished = await this.finishHistory(history, 'success', written.newVersion, null);
        await this.events.emit(actor, {
          type: 'rotation.completed',
          path: row.path,
          attributes: { webhook_ids: rotation.webhookIds },
          data: {
            rotation_policy_id: policy.id,
            rotation_policy_name: policy.name,
            old_version: written.oldVersion,
            new_version: written.newVersion,
            history_id: history.id,
          },
        });
        return { item: historyView(finished), result };
      });
    } catch (error) {
      if (ifVersion !== undefined && error instanceof ApiError && error.code === 'version_conflict')
        return { item: null, superseded: true };
      return this.recordFailure(actor, row, policy, triggeredBy, error);
    }
  }

  /** A rotation that produced no version: a `failed` history item and `rotation.failed`. */
  private async recordFailure(
    actor: Actor,
    row: SecretRow,
    policy: RotationPolicyRow | undefined,
    triggeredBy: string,
    error: unknown,
  ): Promise<{ item: Record<string, unknown> | null; error: ApiError }> {
    const apiError = error instanceof ApiError ? error : new ApiError(500, 'internal_error', 'Rotation failed');
    if (!policy) return { item: null, error: apiError };
    const item = await this.store.transaction(async () => {
      const history = await this.startHistory(actor, policy.id, row.path, row.current_version, triggeredBy);
      const failed = await this.finishHistory(history, 'failed', null, `${apiError.code}: ${apiError.message}`);
      await this.events.emit(actor, {
        type: 'rotation.failed',
        path: row.path,
        attributes: { webhook_ids: JSON.parse(policy.webhook_ids) as string[] },
        data: {
          rotation_policy_id: policy.id,
          rotation_policy_name: policy.name,
          history_id: history.id,
          error: { code: apiError.code, message: apiError.message },
        },
      });
      return failed;
    });
    return { item: historyView(item), error: apiError };
  }

  /** A client writing the new value of a secret that awaits manual rotation completes that rotation. */
  private async completeManualRotation(
    actor: Actor,
    row: SecretRow,
    oldVersion: number | null,
    rotation: RotationWrite | undefined,
  ): Promise<void> {
    if (rotation || oldVersion === null || !row.rotation_policy_id) return;
    const pending = await this.pendingHistory(row.tenant_id, row.path, row.rotation_policy_id);
    if (!pending) return;
    const policy = await this.policies.row(row.tenant_id, row.rotation_policy_id);
    const now = this.clock();
    await this.secrets.limitReadability(row.tenant_id, row.path, oldVersion, now + policy.grace_period_ms);
    await this.secrets.markRotated(row.tenant_id, row.path, now);
    await this.finishHistory(pending, 'success', row.current_version, null);
    const webhookIds = JSON.parse(policy.webhook_ids) as string[];
    await this.events.emit(actor, {
      type: 'secret.rotated',
      path: row.path,
      attributes: { webhook_ids: webhookIds },
      data: {
        old_version: oldVersion,
        new_version: row.current_version,
        rotation_policy_id: policy.id,
        rotation_policy_name: policy.name,
        grace_period_ends: iso(now + policy.grace_period_ms),
        auto_generated: false,
      },
    });
    await this.events.emit(actor, {
      type: 'rotation.completed',
      path: row.path,
      attributes: { webhook_ids: webhookIds },
      data: {
        rotation_policy_id: policy.id,
        rotation_policy_name: policy.name,
        old_version: oldVersion,
        new_version: row.current_version,
        history_id: pending.id,
      },
    });
  }

  private async pendingHistory(tenantId: string, path: string, policyId: string): Promise<HistoryRow | undefined> {
    return (await this.store.db
      .selectFrom('rotation_history')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('secret_path', '=', path)
      .where('policy_id', '=', policyId)
      .where('status', '=', 'pending')
      .executeTakeFirst()) as HistoryRow | undefined;
  }

  private async startHistory(actor: Actor, policyId: string, path: string, oldVersion: number, triggeredBy: string): Promise<HistoryRow> {
    const row: Omit<HistoryRow, 'seq'> = {
      id: newId('rh'),
      tenant_id: actor.tenantId,
      policy_id: policyId,
      secret_path: path,
      status: 'pending',
      old_version: oldVersion,
      new_version: null,
      triggered_by: triggeredBy,
      error: null,
      started_at: this.clock(),
      completed_at: null,
    };
    const { seq } = await this.store.db.insertInto('rotation_history').values(row).returning('seq').executeTakeFirstOrThrow();
    return { ...row, seq };
  }

  private async finishHistory(
    row: HistoryRow,
    status: 'success' | 'failed',
    newVersion: number | null,
    error: string | null,
  ): Promise<HistoryRow> {
    const finished = { ...row, status, new_version: newVersion, error, completed_at: this.clock() };
    await this.store.db
      .updateTable('rotation_history')
      .set({ status, new_version: newVersion, error, completed_at: finished.completed_at })
      .where('id', '=', row.id)
      .execute();
    return finished;
  }
}

function historyView(row: HistoryRow): Record<string, unknown> {
  return {
    id: row.id,
    policy_id: row.policy_id,
    secret_path: row.secret_path,
    status: row.status,
    old_version: row.old_version,
    new_version: row.new_version,
    triggered_by: row.triggered_by,
    error: row.error,
    started_at: iso(row.started_at),
    completed_at: iso(row.completed_at),
  };
}
