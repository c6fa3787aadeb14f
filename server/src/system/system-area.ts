import { defineArea } from '../modules/area-module.js';
import { registerSystemRoutes } from './system-routes.js';

declare module '../modules/area-module.js' {
  interface AreaServices {
    system: Record<string, never>;
  }
}

/** Health, readiness and version. */
export const systemArea = defineArea({
  name: 'system',
  dependsOn: ['policies'],
  migrations: [],
  create: () => ({}),
  routes: registerSystemRoutes,
});
