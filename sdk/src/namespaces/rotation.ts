// client.rotation: rotation policies, which secrets they cover, and their runs.
// Routes: 20-rotation-events-audit-federation.md §2.1; docs/api-decisions.md "Rotation".
import { omitUndefined } from '../omit-undefined.js';
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isRotationPolicy = s.object({
  id: s.string,
  name: s.string,
  description: s.optional(s.string),
  interval: s.optional(s.string),
  interval_seconds: s.optional(s.number),
  grace_period: s.optional(s.string),
  warn_before: s.optional(s.string),
  auto_generate: s.optional(s.boolean),
  secret_policy_id: s.optional(s.string),
  webhook_ids: s.optional(s.stringArray),
  secrets_count: s.optional(s.number),
  is_active: s.optional(s.boolean),
  created_at: s.optional(s.string),
});
export type RotationPolicy = s.ShapeOf<typeof isRotationPolicy>;
const isRotationPolicyList = s.cursorList('data', isRotationPolicy);
export type RotationPolicyList = s.ShapeOf<typeof isRotationPolicyList>;

const isRotationRun = s.object({
  id: s.optional(s.string),
  policy_id: s.optional(s.string),
  secret_path: s.optional(s.string),
  status: s.string,
  old_version: s.optional(s.number),
  new_version: s.optional(s.number),
  triggered_by: s.optional(s.string),
  started_at: s.optional(s.string),
  completed_at: s.optional(s.string),
  error: s.optional(s.string),
});
export type RotationRun = s.ShapeOf<typeof isRotationRun>;
const isRotationRuns = s.array(isRotationRun);
const isRotationHistory = s.cursorList('data', isRotationRun);
export type RotationHistory = s.ShapeOf<typeof isRotationHistory>;

const isDueRotation = s.object({
  secret_path: s.string,
  policy_id: s.optional(s.string),
  policy_name: s.optional(s.string),
  last_rotated_at: s.optional(s.string),
  due_at: s.optional(s.string),
  overdue: s.optional(s.boolean),
});
export type DueRotation = s.ShapeOf<typeof isDueRotation>;
const isDueList = s.cursorList('data', isDueRotation);
export type DueRotationList = s.ShapeOf<typeof isDueList>;

const isAssignment = s.object({
  policy_id: s.optional(s.string),
  secret_path: s.string,
  assigned_at: s.optional(s.string),
  next_rotation_at: s.optional(s.string),
});
export type RotationAssignment = s.ShapeOf<typeof isAssignment>;

export interface RotationPolicyInput {
  name: string;
  /** Duration between rotations, e.g. `90d`. */
  interval: string;
  description?: string;
  grace_period?: string;
  /** Comma-separated lead times, e.g. `7d,1d`. */
  warn_before?: string;
  auto_generate?: boolean;
  secret_policy_id?: string;
  webhook_ids?: string[];
}

export interface RotationHistoryOptions extends CallOptions, PageOptions {
  status?: 'success' | 'failed' | 'pending';
}

export interface DueRotationsOptions extends CallOptions, PageOptions {
  /** Due within this many hours (server default 24). */
  withinHours?: number;
  includeOverdue?: boolean;
  policyId?: string;
}

export class RotationNamespace {
  constructor(private readonly http: Transport) {}

  private at(id: string, suffix = ''): string {
    return `/v1/rotation/policies/${encodeSegment(id)}${suffix}`;
  }

  list(options: CallOptions & PageOptions & { activeOnly?: boolean } = {}): Promise<RotationPolicyList> {
    const query = { active_only: options.activeOnly, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/rotation/policies', query }, isRotationPolicyList);
  }

  listAll(options: CallOptions & { limit?: number; activeOnly?: boolean } = {}): AsyncGenerator<RotationPolicy, void, undefined> {
    return followCursor('data', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<RotationPolicy> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id) }, isRotationPolicy);
  }

  create(policy: RotationPolicyInput, options: CallOptions = {}): Promise<RotationPolicy> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/rotation/policies', body: policy }, isRotationPolicy);
  }

  update(id: string, changes: Partial<RotationPolicyInput>, options: CallOptions = {}): Promise<RotationPolicy> {
    return this.http.json({ ...options, method: 'PATCH', path: this.at(id), body: changes }, isRotationPolicy);
  }

  /** Deletes the policy; its secrets are detached. */
  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: this.at(id) });
  }

  enable(id: string, options: CallOptions = {}): Promise<RotationPolicy> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/enable') }, isRotationPolicy);
  }

  /** Pauses scheduling; secrets stay attached. */
  disable(id: string, options: CallOptions = {}): Promise<RotationPolicy> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/disable') }, isRotationPolicy);
  }

  /** Attaches a secret to the policy (CLI `rotation assign`). */
  assign(id: string, secretPath: string, options: CallOptions = {}): Promise<RotationAssignment> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/secrets'), body: { secret_path: secretPath } }, isAssignment);
  }

  /** Detaches a secret; the whole path is one encoded segment here (`/` → `%2F`), as documented. */
  detach(id: string, secretPath: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: this.at(id, `/secrets/${encodeSegment(secretPath)}`) });
  }

  /** Rotates now: every attached secret, or only `secretPaths`. */
  trigger(id: string, options: CallOptions & { secretPaths?: string[] } = {}): Promise<RotationRun[]> {
    const body = options.secretPaths === undefined ? undefined : { secret_paths: options.secretPaths };
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/rotate'), body }, isRotationRuns);
  }

  history(id: string, options: RotationHistoryOptions = {}): Promise<RotationHistory> {
    const query = { status: options.status, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: this.at(id, '/history'), query }, isRotationHistory);
  }

  historyAll(id: string, options: Omit<RotationHistoryOptions, 'cursor'> = {}): AsyncGenerator<RotationRun, void, undefined> {
    return followCursor('data', (cursor) => this.history(id, { ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  /** Secrets due (or overdue) for rotation. */
  due(options: DueRotationsOptions = {}): Promise<DueRotationList> {
    const query = omitUndefined({
      within_hours: options.withinHours,
      include_overdue: options.includeOverdue,
      policy_id: options.policyId,
      limit: options.limit,
      cursor: options.cursor,
    });
    return this.http.json({ ...options, method: 'GET', path: '/v1/rotation/due', query }, isDueList);
  }
}
