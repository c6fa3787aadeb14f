import { defineArea } from '../modules/area-module.js';
import { AccessPolicies } from './access-policies.js';
import { AccessEvaluator } from './access-evaluator.js';
import { AccessControl } from './access-control.js';
import { registerPoliciesRoutes } from './policies-routes.js';
import { POLICIES_MIGRATIONS } from './policies-migrations.js';

export interface PoliciesService {
  accessPolicies: AccessPolicies;
  evaluator: AccessEvaluator;
  /** The check every route makes: scopes, and bound policies for secret paths. */
  access: AccessControl;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    policies: PoliciesService;
  }
}

/** Access policies, their bindings, and the access check every other area's routes go through. */
export const policiesArea = defineArea({
  name: 'policies',
  // personal-tokens: the policy test endpoint evaluates a token holder's groups.
  dependsOn: ['events', 'personal-tokens'],
  migrations: POLICIES_MIGRATIONS,
  create: ({ events }, { store, clock }) => {
    const accessPolicies = new AccessPolicies(store, clock, events);
    const evaluator = new AccessEvaluator(accessPolicies, clock);
    return { accessPolicies, evaluator, access: new AccessControl(evaluator, events, clock) };
  },
  routes: registerPoliciesRoutes,
});
