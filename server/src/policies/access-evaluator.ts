import type { Clock } from '../shared/time.js';
import type { AccessPolicies, AccessRule, Permission } from './access-policies.js';
import { compileGlob, type PathMatcher } from './glob.js';
import { failedCondition, type ConditionContext } from './access-conditions.js';

export interface AccessQuestion {
  tenantId: string;
  identityId: string;
  groups: string[];
  path: string;
  permission: Permission;
  context: ConditionContext;
}

export type AccessDecision =
  | { allowed: true; reason: string; policy: { id: string; name: string }; rule: AccessRule & { index: number } }
  | {
      allowed: false;
      code: 'access_denied' | 'ip_not_allowed' | 'mfa_required' | 'time_window_violation';
      reason: string;
      policy?: { id: string; name: string };
      rule?: AccessRule & { index: number };
      failed_condition?: string;
    };

/**
 * Allow-only, default-deny evaluation as documented: every policy bound to the identity or one
 * of its groups is consulted, and the first rule whose pattern matches, whose permissions
 * include the action (or `admin`) and whose conditions all hold decides. When only rules with
 * failing conditions matched, the denial names that condition (`ip_not_allowed`, ...).
 */
/** Where else an identity's groups come from (the identity cache: a user's ScaiKey groups), beside its token's. */
export type GroupSource = (tenantId: string, identityId: string) => Promise<string[]>;

export class AccessEvaluator {
  private readonly matchers = new Map<string, PathMatcher>();
  private readonly groupSources: GroupSource[] = [];

  constructor(
    private readonly policies: AccessPolicies,
    private readonly clock: Clock,
  ) {}

  addGroupSource(source: GroupSource): void {
    this.groupSources.push(source);
  }

  /** The groups every source knows `identityId` to be in, beyond what its token says. */
  async groupsOf(tenantId: string, identityId: string): Promise<string[]> {
    const found = await Promise.all(this.groupSources.map((source) => source(tenantId, identityId)));
    return [...new Set(found.flat())];
  }

  async decide(question: AccessQuestion): Promise<AccessDecision> {
    // Membership is looked up at every decision, so a group change ScaiKey announces applies at once.
    const groups = [...new Set([...question.groups, ...(await this.groupsOf(question.tenantId, question.identityId))])];
    const bound = await this.policies.boundPolicies(question.tenantId, [question.identityId, ...groups], this.clock());
    let conditionDenial: AccessDecision | undefined;
    for (const policy of bound) {
      const rules = JSON.parse(policy.rules) as AccessRule[];
      for (const [index, rule] of rules.entries()) {
        if (!rule.permissions.includes(question.permission) && !rule.permissions.includes('admin')) continue;
        if (!this.matcher(rule.path_pattern)(question.path)) continue;
        const failed = failedCondition(rule.conditions, question.context);
        const where = { policy: { id: policy.id, name: policy.name }, rule: { index, ...rule } };
        if (!failed) return { allowed: true, reason: `allowed by rule ${index} of policy '${policy.name}'`, ...where };
        conditionDenial ??= {
          allowed: false,
          code: failed.code,
          reason: `rule ${index} of policy '${policy.name}' matched but its ${failed.condition} condition does not hold`,
          failed_condition: failed.condition,
          ...where,
        };
      }
    }
    return (
      conditionDenial ?? {
        allowed: false,
        code: 'access_denied',
        reason: `no policy rule grants '${question.permission}' on '${question.path}'`,
      }
    );
  }

  private matcher(pattern: string): PathMatcher {
    let matcher = this.matchers.get(pattern);
    if (!matcher) {
      if (this.matchers.size > 10_000) this.matchers.clear();
      matcher = compileGlob(pattern);
      this.matchers.set(pattern, matcher);
    }
    return matcher;
  }
}
