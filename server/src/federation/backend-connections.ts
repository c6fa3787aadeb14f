import type { SecretsService } from '../secrets/secrets-service.js';
import type { AccessControl } from '../policies/access-control.js';
import { ApiError } from '../http/api-error.js';
import { newRequestId } from '../shared/ids.js';
import type { Clock } from '../shared/time.js';
import type { BackendStore } from './backend-store.js';
import { BackendUnavailable } from './backend-store.js';
import type { CredentialReader } from './backend-credentials.js';
import { backendActor } from './federation-identity.js';
import type { BackendRegistry, BackendRow } from './backend-registry.js';
import { ScaiVaultBackend, type ScaiVaultBackendConfig } from './scaivault-backend.js';
import { HashicorpVaultBackend, type VaultBackendConfig } from './hashicorp-vault-backend.js';
import { AwsSecretsManagerBackend, type AwsBackendConfig } from './aws-secrets-manager-backend.js';

/**
 * One client per backend (rebuilt when the backend changes), each reading its credentials from
 * ScaiVault at every use as the backend's own identity — so an access policy decides whether it
 * may, and a rotated credential takes effect on the next call. Every contact's outcome is noted on
 * the backend, which is what `status` and the backend's `status` field report.
 */
export class BackendConnections {
  private readonly clients = new Map<string, { updatedAt: number; store: BackendStore }>();

  constructor(
    private readonly registry: BackendRegistry,
    private readonly secrets: SecretsService,
    private readonly access: AccessControl,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs `work` against the backend and notes the outcome (`always`: even when it is the one last noted, for an
   * explicit check); a failure is `BackendUnavailable` naming what failed.
   */
  async use<T>(row: BackendRow, work: (store: BackendStore) => Promise<T>, always = false): Promise<T> {
    try {
      const result = await work(this.storeFor(row));
      await this.registry.noteConnection(row, 'connected', null, always);
      return result;
    } catch (error) {
      if (!(error instanceof BackendUnavailable)) throw error;
      await this.registry.noteConnection(row, error.kind === 'unreachable' ? 'unreachable' : error.kind, error.message, always);
      throw error;
    }
  }

  /** Like `use`, but a failure is the API's 502 naming the backend. */
  async call<T>(row: BackendRow, work: (store: BackendStore) => Promise<T>): Promise<T> {
    try {
      return await this.use(row, work);
    } catch (error) {
      if (error instanceof BackendUnavailable) throw backendError(row, error);
      throw error;
    }
  }

  /** The credentials a backend's config names: can the backend's identity read them? Answers the problem, or undefined. */
  async credentialProblem(tenantId: string, name: string, path: string): Promise<string | undefined> {
    const actor = backendActor(tenantId, name, newRequestId());
    if (!(await this.access.permits(actor, path, 'read')))
      return `no policy lets federation:${name} (or group:system:federation-backends) read '${path}'`;
    try {
      await this.secrets.read(tenantId, path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return `no secret at '${path}'`;
      throw error;
    }
    return undefined;
  }

  forget(id: string): void {
    const client = this.clients.get(id);
    if (client?.store instanceof AwsSecretsManagerBackend) client.store.close();
    this.clients.delete(id);
  }

  close(): void {
    for (const id of [...this.clients.keys()]) this.forget(id);
  }

  private storeFor(row: BackendRow): BackendStore {
    const cached = this.clients.get(row.id);
    if (cached && cached.updatedAt === row.updated_at) return cached.store;
    this.forget(row.id);
    const config = JSON.parse(row.config) as Record<string, unknown>;
    const credentials = this.credentialReader(row);
    let store: BackendStore;
    if (row.backend_type === 'scaivault') store = new ScaiVaultBackend(config as unknown as ScaiVaultBackendConfig, credentials);
    else if (row.backend_type === 'hashicorp-vault')
      store = new HashicorpVaultBackend(config as unknown as VaultBackendConfig, credentials, this.clock);
    else store = new AwsSecretsManagerBackend(config as unknown as AwsBackendConfig, credentials);
    this.clients.set(row.id, { updatedAt: row.updated_at, store });
    return store;
  }

  private credentialReader(row: BackendRow): CredentialReader {
    return async (path) => {
      const actor = backendActor(row.tenant_id, row.name, newRequestId());
      if (!(await this.access.permits(actor, path, 'read')))
        throw new BackendUnavailable(`federation:${row.name} may not read its credentials at '${path}'`, 'auth_failed');
      try {
        return (await this.secrets.read(row.tenant_id, path)).data as Record<string, unknown>;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404)
          throw new BackendUnavailable(`the credentials secret '${path}' does not exist`, 'auth_failed');
        throw error;
      }
    };
  }
}

/** 502: the caller's request was fine and allowed; the backend behind the path failed. */
export function backendError(row: BackendRow, error: BackendUnavailable): ApiError {
  return new ApiError(502, 'federation_backend_unavailable', `Federation backend '${row.name}' (${row.id}) failed: ${error.message}`, {
    backend_id: row.id,
    backend_name: row.name,
    reason: error.kind,
  });
}
