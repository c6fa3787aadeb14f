import { ApiError, notFound } from '../http/api-error.js';
import type { ExternalClaim } from '../secrets/external-sources.js';
import type { SecretsService } from '../secrets/secrets-service.js';
import type { BackendConnections } from './backend-connections.js';
import type { BackendRegistry, BackendRow } from './backend-registry.js';
import { ruleFor } from './path-mapping.js';
import type { SyncRunner } from './sync-runner.js';

function readOnly(row: BackendRow, path: string, why: string): ApiError {
  return new ApiError(409, 'federation_read_only', `'${path}' is served by federation backend '${row.name}' (${row.id}) ${why}`, {
    path,
    backend_id: row.id,
    mode: row.mode,
  });
}

/**
 * What a ScaiVault path mapped by a backend does. Proxy: a read goes to the backend (after the
 * caller's policies allowed it on the ScaiVault path) and nothing is stored; every change is
 * refused. Sync: reads serve the local copy like any secret; a write goes to the backend first
 * with `write_through`, else is refused; deleting the local copy is allowed (the next sync brings
 * the backend's value back), which is how a conflict is settled in the backend's favour.
 */
export function federationClaims(
  registry: BackendRegistry,
  connections: BackendConnections,
  runner: SyncRunner,
  secrets: SecretsService,
): (tenantId: string, path: string) => Promise<ExternalClaim | undefined> {
  return async (tenantId, path) => {
    const backends = await registry.backends(tenantId);
    if (backends.length === 0) return undefined;
    for (const { row, rules } of backends) {
      const match = ruleFor(rules, path);
      if (!match) continue;
      const { backendPath } = match;
      if (row.mode === 'proxy') {
        return {
          backendId: row.id,
          read: async (version) => {
            const remote = await connections.call(row, (store) => store.read(backendPath, version));
            if (!remote)
              throw notFound('secret_not_found', `Secret '${path}' not found in federation backend '${row.name}' (${row.id})`, {
                path,
                backend_id: row.id,
              });
            return {
              path,
              secret_type: 'kv',
              version: typeof remote.version === 'number' ? remote.version : 1,
              metadata: { federation: { backend_id: row.id, backend_path: backendPath, remote_version: remote.version } },
              created_at: null,
              updated_at: null,
              expires_at: null,
              rotation_policy_id: null,
              secret_policy_id: null,
              version_created_at: null,
              data: remote.data,
            };
          },
          refuse: (change) => readOnly(row, path, `in proxy mode: ${change === 'write' ? 'write' : 'change'} it in the backend itself`),
        };
      }
      return {
        backendId: row.id,
        ...(row.write_through === 1
          ? {
              write: async (actor, spec) => {
                await connections.call(row, (store) => store.write(backendPath, spec.data));
                const result = await secrets.write(actor, path, { ...spec, local: true });
                await runner.noteLocalWrite(row, path, result.newVersion);
                return result;
              },
            }
          : {}),
        refuse: (change) =>
          change === 'write' ? readOnly(row, path, 'in sync mode without write_through: write it in the backend, then sync') : undefined,
      };
    }
    return undefined;
  };
}
