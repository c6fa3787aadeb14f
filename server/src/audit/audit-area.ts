import { defineArea } from '../modules/area-module.js';
import { AuditLog } from './audit-log.js';
import { registerAuditRoutes } from './audit-routes.js';
import { AUDIT_MIGRATIONS } from './audit-migrations.js';

declare module '../modules/area-module.js' {
  interface AreaServices {
    audit: AuditLog;
  }
}

/** The audit log: a change's record commits with it; the HTTP layer records every request here. */
export const auditArea = defineArea({
  name: 'audit',
  dependsOn: ['policies'],
  migrations: AUDIT_MIGRATIONS,
  create: (_deps, { store, clock }) => new AuditLog(store, clock),
  routes: registerAuditRoutes,
  flush: (audit) => audit.flush(),
});
