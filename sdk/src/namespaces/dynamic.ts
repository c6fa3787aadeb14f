// client.dynamic: engines that mint short-lived credentials on demand, their roles, and the leases
// they hand out. Routes: 30-pki-dynamic.md §1e, §5; docs/api-decisions.md "Dynamic secrets".
import { omitUndefined } from '../omit-undefined.js';
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isEngine = s.object({
  name: s.string,
  type: s.optional(s.string),
  config: s.optional(s.anyRecord),
  default_ttl: s.optional(s.string),
  max_ttl: s.optional(s.string),
  status: s.optional(s.string),
  created_at: s.optional(s.string),
  updated_at: s.optional(s.string),
});
export type DynamicEngine = s.ShapeOf<typeof isEngine>;
const isEngineList = s.cursorList('engines', isEngine);
export type DynamicEngineList = s.ShapeOf<typeof isEngineList>;

const isEngineHealth = s.object({
  engine: s.optional(s.string),
  status: s.string,
  latency_ms: s.optional(s.number),
  error: s.optional(s.string),
});
export type DynamicEngineHealth = s.ShapeOf<typeof isEngineHealth>;

const isRole = s.object({
  name: s.string,
  engine: s.optional(s.string),
  creation_statements: s.optional(s.stringArray),
  revocation_statements: s.optional(s.stringArray),
  renew_statements: s.optional(s.stringArray),
  default_ttl: s.optional(s.string),
  max_ttl: s.optional(s.string),
  created_at: s.optional(s.string),
  updated_at: s.optional(s.string),
});
export type DynamicRole = s.ShapeOf<typeof isRole>;
const isRoleList = s.cursorList('roles', isRole);
export type DynamicRoleList = s.ShapeOf<typeof isRoleList>;

const leaseFields = {
  lease_id: s.string,
  engine: s.optional(s.string),
  role: s.optional(s.string),
  /** The generated database login (the password is only in `data`, once). */
  username: s.optional(s.string),
  /** `active`, `revoked`, `expired` or `revocation_failed` (kept and retried until it succeeds). */
  status: s.optional(s.string),
  /** Time left, e.g. `29m59s`; `lease_duration` is the same in seconds. */
  ttl: s.optional(s.string),
  lease_duration: s.optional(s.number),
  issued_at: s.optional(s.string),
  expires_at: s.optional(s.string),
  /** No renewal goes past this: issue time plus the role's `max_ttl`. */
  max_expires_at: s.optional(s.string),
  renewable: s.optional(s.boolean),
  revoked_at: s.optional(s.string),
  revocation_attempts: s.optional(s.number),
  next_attempt_at: s.optional(s.string),
  last_error: s.optional(s.string),
  created_by: s.optional(s.string),
};
const isLease = s.object(leaseFields);
export type Lease = s.ShapeOf<typeof isLease>;
const isLeaseList = s.cursorList('leases', isLease);
export type LeaseList = s.ShapeOf<typeof isLeaseList>;

/** A new lease with its credential (`data`, e.g. `username`, `password`, `connection_url`). */
const isLeasedCredentials = s.object({ ...leaseFields, data: s.anyRecord });
export type LeasedCredentials = s.ShapeOf<typeof isLeasedCredentials>;

const isBulkRevocation = s.object({
  revoked: s.array(isLease),
  failed: s.array(s.object({ lease_id: s.string, error: s.optional(s.object({ code: s.string, message: s.string })) })),
});
export type BulkRevocation = s.ShapeOf<typeof isBulkRevocation>;

export interface EngineInput {
  name: string;
  /** e.g. `database` (with `config.plugin: "postgresql"`). */
  type: string;
  config: Record<string, unknown>;
  default_ttl?: string;
  max_ttl?: string;
}

export interface DynamicRoleInput {
  name: string;
  /** SQL templates with `{{name}}`, `{{password}}`, `{{expiration}}`; run in one transaction. */
  creation_statements: string[];
  /** Default: reassign and drop what the login owns, then `DROP ROLE`. */
  revocation_statements?: string[];
  /** Default: `ALTER ROLE {{name}} VALID UNTIL {{expiration}}`. */
  renew_statements?: string[];
  default_ttl?: string;
  max_ttl?: string;
}

export class DynamicEnginesNamespace {
  constructor(private readonly http: Transport) {}

  list(options: CallOptions & PageOptions = {}): Promise<DynamicEngineList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/dynamic/engines', query }, isEngineList);
  }

  listAll(options: CallOptions & { limit?: number } = {}): AsyncGenerator<DynamicEngine, void, undefined> {
    return followCursor('engines', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(name: string, options: CallOptions = {}): Promise<DynamicEngine> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/dynamic/engines/${encodeSegment(name)}` }, isEngine);
  }

  /** The server opens a test connection; bad credentials answer `invalid_config` (ValidationError). */
  create(engine: EngineInput, options: CallOptions = {}): Promise<DynamicEngine> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/dynamic/engines', body: engine }, isEngine);
  }

  update(name: string, changes: Partial<EngineInput>, options: CallOptions = {}): Promise<DynamicEngine> {
    return this.http.json({ ...options, method: 'PATCH', path: `/v1/dynamic/engines/${encodeSegment(name)}`, body: changes }, isEngine);
  }

  /** Refused (`engine_in_use`) while leases are live, unless `force`, which revokes them first. */
  delete(name: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    const query = { force: options.force ? true : undefined };
    return this.http.discard({ ...options, method: 'DELETE', path: `/v1/dynamic/engines/${encodeSegment(name)}`, query });
  }

  /** Whether the engine can reach its backend. */
  health(name: string, options: CallOptions = {}): Promise<DynamicEngineHealth> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/dynamic/engines/${encodeSegment(name)}/health` }, isEngineHealth);
  }
}

export class DynamicRolesNamespace {
  constructor(private readonly http: Transport) {}

  private at(engine: string, role?: string): string {
    const base = `/v1/dynamic/engines/${encodeSegment(engine)}/roles`;
    return role === undefined ? base : `${base}/${encodeSegment(role)}`;
  }

  list(engine: string, options: CallOptions & PageOptions = {}): Promise<DynamicRoleList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: this.at(engine), query }, isRoleList);
  }

  get(engine: string, role: string, options: CallOptions = {}): Promise<DynamicRole> {
    return this.http.json({ ...options, method: 'GET', path: this.at(engine, role) }, isRole);
  }

  create(engine: string, role: DynamicRoleInput, options: CallOptions = {}): Promise<DynamicRole> {
    return this.http.json({ ...options, method: 'POST', path: this.at(engine), body: role }, isRole);
  }

  update(engine: string, role: string, changes: Partial<DynamicRoleInput>, options: CallOptions = {}): Promise<DynamicRole> {
    return this.http.json({ ...options, method: 'PATCH', path: this.at(engine, role), body: changes }, isRole);
  }

  /** Refused (`role_in_use`) while leases are live, unless `force`, which revokes them first. */
  delete(engine: string, role: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    const query = { force: options.force ? true : undefined };
    return this.http.discard({ ...options, method: 'DELETE', path: this.at(engine, role), query });
  }
}

export interface ListLeasesOptions extends CallOptions, PageOptions {
  engine?: string;
  role?: string;
  /** `live` (default: active and revocation_failed), `all`, or one status. */
  status?: string;
}

export class LeasesNamespace {
  constructor(private readonly http: Transport) {}

  list(options: ListLeasesOptions = {}): Promise<LeaseList> {
    const query = { engine: options.engine, role: options.role, status: options.status, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/dynamic/leases', query }, isLeaseList);
  }

  listAll(options: Omit<ListLeasesOptions, 'cursor'> = {}): AsyncGenerator<Lease, void, undefined> {
    return followCursor('leases', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(leaseId: string, options: CallOptions = {}): Promise<Lease> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/dynamic/leases/${encodeSegment(leaseId)}` }, isLease);
  }

  /** Extends the lease from now by `ttl`, capped by the role's `max_ttl`. */
  renew(leaseId: string, options: CallOptions & { ttl?: string } = {}): Promise<Lease> {
    const body = omitUndefined({ ttl: options.ttl });
    return this.http.json({ ...options, method: 'POST', path: `/v1/dynamic/leases/${encodeSegment(leaseId)}/renew`, body }, isLease);
  }

  /** Revokes now; the backend credential is dropped and its open sessions ended. */
  revoke(leaseId: string, options: CallOptions = {}): Promise<Lease> {
    return this.http.json({ ...options, method: 'POST', path: `/v1/dynamic/leases/${encodeSegment(leaseId)}/revoke` }, isLease);
  }

  /** Revokes every live lease of an engine, or whose `<engine>/<role>/<lease_id>` starts with `prefix`. */
  revokeMatching(filter: { engine?: string; role?: string; prefix?: string }, options: CallOptions = {}): Promise<BulkRevocation> {
    const body = omitUndefined({ engine: filter.engine, role: filter.role, prefix: filter.prefix });
    return this.http.json({ ...options, method: 'POST', path: '/v1/dynamic/leases/revoke', body }, isBulkRevocation);
  }
}

export class DynamicNamespace {
  readonly engines: DynamicEnginesNamespace;
  readonly roles: DynamicRolesNamespace;
  readonly leases: LeasesNamespace;

  constructor(private readonly http: Transport) {
    this.engines = new DynamicEnginesNamespace(http);
    this.roles = new DynamicRolesNamespace(http);
    this.leases = new LeasesNamespace(http);
  }

  /** Mints a credential under `role` and returns it with its lease (`lease_id`, `data`). */
  creds(engine: string, role: string, options: CallOptions & { ttl?: string } = {}): Promise<LeasedCredentials> {
    const body = omitUndefined({ ttl: options.ttl });
    const path = `/v1/dynamic/engines/${encodeSegment(engine)}/creds/${encodeSegment(role)}`;
    return this.http.json({ ...options, method: 'POST', path, body }, isLeasedCredentials);
  }
}
