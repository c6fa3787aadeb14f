import { ApiError, forbidden, invalidRequest } from '../http/api-error.js';
import type { Identity } from '../shared/identity.js';

const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The tenant a request works in: the `/v1/t/{tenant_id}/...` prefix, else the `X-Tenant-ID`
 * header, else the credential's own tenant. Only the root token (a partner admin of every
 * tenant on this server) may target another tenant; tenants exist as soon as they are named.
 */
export function resolveTenant(identity: Identity, fromPath: string | undefined, fromHeader: string | undefined): string {
  if (fromPath !== undefined && fromHeader !== undefined && fromPath !== fromHeader) {
    throw invalidRequest('The /v1/t/{tenant_id} prefix and the X-Tenant-ID header name different tenants', {
      path_tenant_id: fromPath,
      header_tenant_id: fromHeader,
    });
  }
  const requested = fromPath ?? fromHeader;
  if (requested === undefined || requested === identity.tenantId) return identity.tenantId;
  if (!TENANT_ID.test(requested)) {
    throw new ApiError(404, 'tenant_not_found', `Tenant '${requested}' not found`, { tenant_id: requested });
  }
  if (!identity.isRoot) {
    throw forbidden('tenant_access_denied', `Identity '${identity.id}' may not act in tenant '${requested}'`, { tenant_id: requested });
  }
  return requested;
}
