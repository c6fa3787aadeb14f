import { forbidden } from '../http/api-error.js';
import { hasScope } from '../shared/identity.js';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/time.js';
import type { EventBus } from '../events/event-bus.js';
import type { AccessEvaluator } from './access-evaluator.js';
import type { Permission } from './access-policies.js';

const SCOPE_FOR_PERMISSION: Record<Permission, string> = {
  read: 'secrets:read',
  write: 'secrets:write',
  delete: 'secrets:delete',
  list: 'secrets:list',
  rotate: 'secrets:rotate',
  admin: 'admin',
};

/**
 * The check every request goes through: the token's scopes, and for secret paths the bound
 * policies too (effective permission = scopes ∩ policies). Only the root token skips policies.
 */
export class AccessControl {
  constructor(
    private readonly evaluator: AccessEvaluator,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  requireScope(actor: Actor, ...anyOf: string[]): void {
    if (anyOf.some((scope) => hasScope(actor.identity, scope))) return;
    throw forbidden('insufficient_scope', `The token lacks the scope '${anyOf.join("' or '")}'`, {
      required_scope: anyOf.length === 1 ? anyOf[0] : anyOf,
    });
  }

  /** Throws the documented 403 when `permission` on `path` is not granted; emits `policy.violation`. */
  async authorize(actor: Actor, path: string, permission: Permission): Promise<void> {
    this.requireScope(actor, SCOPE_FOR_PERMISSION[permission]);
    const denial = await this.denial(actor, path, permission);
    if (denial) throw denial;
  }

  /** Like `authorize`, but answers instead of throwing (batch reads and lists check per path). */
  async permits(actor: Actor, path: string, permission: Permission): Promise<boolean> {
    return (await this.denial(actor, path, permission, false)) === undefined;
  }

  private async denial(actor: Actor, path: string, permission: Permission, report = true) {
    if (actor.identity.isRoot) return undefined;
    const decision = await this.evaluator.decide({
      tenantId: actor.tenantId,
      identityId: actor.identity.id,
      groups: actor.identity.groups,
      path,
      permission,
      context: { sourceIp: actor.sourceIp, mfaVerified: actor.identity.mfaVerified, timestamp: this.clock() },
    });
    if (decision.allowed) return undefined;
    if (report) {
      await this.events.emit(actor, {
        type: 'policy.violation',
        path,
        data: { permission, identity_id: actor.identity.id, code: decision.code, reason: decision.reason },
      });
    }
    const message =
      decision.code === 'access_denied'
        ? `Permission '${permission}' denied on '${path}': no matching policy rule`
        : `Permission '${permission}' denied on '${path}': ${decision.reason}`;
    return forbidden(decision.code, message, {
      path,
      permission,
      ...(decision.failed_condition ? { failed_condition: decision.failed_condition } : {}),
    });
  }
}
