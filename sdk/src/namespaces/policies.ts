// client.policies: access policies (who may do what on which paths) and their bindings.
// Routes: 10-secrets-policies.md §2.8, §4; docs/api-decisions.md "Access policies".
import { omitUndefined } from '../omit-undefined.js';
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

export type Permission = 'read' | 'write' | 'delete' | 'list' | 'rotate' | 'admin';
export type IdentityType = 'user' | 'service_account' | 'group';

const isRule = s.object({ path_pattern: s.string, permissions: s.stringArray, conditions: s.optional(s.anyRecord) });
export type PolicyRule = s.ShapeOf<typeof isRule>;

const isBinding = s.object({
  id: s.optional(s.string),
  policy_id: s.optional(s.string),
  identity_type: s.string,
  identity_id: s.string,
  expires_at: s.optional(s.string),
  created_at: s.optional(s.string),
});
export type PolicyBinding = s.ShapeOf<typeof isBinding>;

const isPolicy = s.object({
  id: s.string,
  name: s.string,
  description: s.optional(s.string),
  scope: s.optional(s.string),
  rules: s.optional(s.array(isRule)),
  bindings: s.optional(s.array(isBinding)),
  rule_count: s.optional(s.number),
  binding_count: s.optional(s.number),
  is_active: s.optional(s.boolean),
  created_at: s.optional(s.string),
  updated_at: s.optional(s.string),
});
export type Policy = s.ShapeOf<typeof isPolicy>;
const isPolicyList = s.cursorList('policies', isPolicy);
export type PolicyList = s.ShapeOf<typeof isPolicyList>;
const isBindingList = s.plainList('bindings', isBinding);
export type PolicyBindingList = s.ShapeOf<typeof isBindingList>;

const isPolicyDecision = s.object({
  allowed: s.boolean,
  reason: s.optional(s.string),
  /** Human-readable explanation. */
  message: s.optional(s.string),
  /** On a denial: the error code a real request would get (`access_denied`, `mfa_required`, ...). */
  code: s.optional(s.string),
  matched_policy_id: s.optional(s.string),
  matched_policy_name: s.optional(s.string),
  matched_rule: s.optional(s.object({ ...isRule.properties, index: s.optional(s.number) })),
  failed_condition: s.optional(s.string),
});
export type PolicyDecision = s.ShapeOf<typeof isPolicyDecision>;

export interface PolicyRuleInput {
  path_pattern: string;
  permissions: Permission[];
  conditions?: { ip_ranges?: string[]; require_mfa?: boolean } & Record<string, unknown>;
}

export interface PolicyInput {
  name: string;
  description?: string;
  rules: PolicyRuleInput[];
  scope?: 'tenant' | 'partner';
}

export interface BindingInput {
  identity_type: IdentityType;
  identity_id: string;
  expires_at?: string;
}

export interface PolicyTestInput {
  identity_id: string;
  path: string;
  permission: Permission;
  context?: { source_ip?: string; mfa_verified?: boolean; timestamp?: string };
}

export interface ListPoliciesOptions extends CallOptions, PageOptions {
  scope?: 'tenant' | 'partner';
  includeInactive?: boolean;
}

export class PoliciesNamespace {
  constructor(private readonly http: Transport) {}

  list(options: ListPoliciesOptions = {}): Promise<PolicyList> {
    const query = { scope: options.scope, include_inactive: options.includeInactive, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/policies', query }, isPolicyList);
  }

  listAll(options: Omit<ListPoliciesOptions, 'cursor'> = {}): AsyncGenerator<Policy, void, undefined> {
    return followCursor('policies', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  /** One policy with its rules and bindings. */
  get(id: string, options: CallOptions = {}): Promise<Policy> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/policies/${encodeSegment(id)}` }, isPolicy);
  }

  create(policy: PolicyInput, options: CallOptions = {}): Promise<Policy> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/policies', body: policy }, isPolicy);
  }

  /** Replaces rules and metadata; bindings are kept. */
  replace(id: string, policy: PolicyInput, options: CallOptions = {}): Promise<Policy> {
    return this.http.json({ ...options, method: 'PUT', path: `/v1/policies/${encodeSegment(id)}`, body: policy }, isPolicy);
  }

  /** Changes only the fields given. */
  update(id: string, changes: Partial<PolicyInput> & { is_active?: boolean }, options: CallOptions = {}): Promise<Policy> {
    return this.http.json({ ...options, method: 'PATCH', path: `/v1/policies/${encodeSegment(id)}`, body: changes }, isPolicy);
  }

  /** Fails with `policy_in_use` (ConflictError) while bindings exist, unless `force`. */
  delete(id: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    const query = { force: options.force === true ? true : undefined };
    return this.http.discard({ ...options, method: 'DELETE', path: `/v1/policies/${encodeSegment(id)}`, query });
  }

  bindings(id: string, options: CallOptions = {}): Promise<PolicyBindingList> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/policies/${encodeSegment(id)}/bindings` }, isBindingList);
  }

  bind(id: string, binding: BindingInput, options: CallOptions = {}): Promise<PolicyBinding> {
    const body = omitUndefined({ ...binding });
    return this.http.json({ ...options, method: 'POST', path: `/v1/policies/${encodeSegment(id)}/bindings`, body }, isBinding);
  }

  unbind(id: string, bindingId: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({
      ...options,
      method: 'DELETE',
      path: `/v1/policies/${encodeSegment(id)}/bindings/${encodeSegment(bindingId)}`,
    });
  }

  /** Dry-run access check: which policy and rule allow or deny; writes no audit entry. */
  test(check: PolicyTestInput, options: CallOptions = {}): Promise<PolicyDecision> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/policies/test', body: check }, isPolicyDecision);
  }
}
