import { defineArea } from '../modules/area-module.js';
import { BodyReader } from '../http/body-reader.js';
import { RotationPolicies } from './rotation-policies.js';
import { Rotator } from './rotator.js';
import { RotationScheduler } from './rotation-scheduler.js';
import { registerRotationRoutes } from './rotation-routes.js';
import { ROTATION_MIGRATIONS } from './rotation-migrations.js';

export interface RotationService {
  rotationPolicies: RotationPolicies;
  rotator: Rotator;
  scheduler: RotationScheduler;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    rotation: RotationService;
  }
}

/** Rotation policies, rotating a secret (on request and on schedule) and its history. */
export const rotationArea = defineArea({
  name: 'rotation',
  // event-delivery: a policy names the webhooks told of its rotations.
  dependsOn: ['secrets', 'secret-policies', 'events', 'policies', 'event-delivery'],
  migrations: ROTATION_MIGRATIONS,
  create: ({ secrets, 'secret-policies': secretPolicies, events, 'event-delivery': delivery }, { store, clock, log }) => {
    const rotationPolicies = new RotationPolicies(store, clock, { secrets, secretPolicies, webhooks: delivery.webhooks });
    secrets.references.register('rotation_policy', (tenantId, id) => rotationPolicies.exists(tenantId, id));
    const rotator = new Rotator(store, clock, secrets, secretPolicies, rotationPolicies, events);
    // `POST /v1/secrets/{path}/rotate` is the secrets API's URL, but rotating is this area's work.
    secrets.actions.register('rotate', 'rotate', async (request, actor, path) => {
      const fields = new BodyReader(request.body, { allowEmpty: true });
      const random = fields.optionalBoolean('random') ?? false;
      fields.finish();
      const { result } = await rotator.rotateSecret(actor, path, actor.identity.id, { random });
      return result;
    });
    return { rotationPolicies, rotator, scheduler: new RotationScheduler(store, clock, rotationPolicies, rotator, secrets, events, log) };
  },
  routes: registerRotationRoutes,
  start: ({ scheduler }, { settings }) => scheduler.start(settings.schedulerIntervalMs),
  stop: ({ scheduler }) => scheduler.stop(),
});
