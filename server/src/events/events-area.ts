import { defineArea } from '../modules/area-module.js';
import { EventBus } from './event-bus.js';
import { EVENTS_MIGRATIONS } from './events-migrations.js';

declare module '../modules/area-module.js' {
  interface AreaServices {
    events: EventBus;
  }
}

/** The event bus: every `secret.*`, `policy.*` and `rotation.*` event is recorded here and fanned out to sinks. */
export const eventsArea = defineArea({
  name: 'events',
  dependsOn: [],
  migrations: EVENTS_MIGRATIONS,
  create: (_deps, core) => new EventBus(core.store, core.clock),
  start: (events) => events.listenToOtherInstances(),
});
