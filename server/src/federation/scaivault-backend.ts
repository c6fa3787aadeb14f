import type { BackendStore, RemoteSecret } from './backend-store.js';
import { BackendUnavailable } from './backend-store.js';
import { backendRequest, describeAnswer, type BackendResponse } from './backend-http.js';
import { credentialField, type CredentialReader } from './backend-credentials.js';

export interface ScaiVaultBackendConfig {
  endpoint: string;
  credentials_path: string;
  tenant_id?: string | undefined;
  tls_verify?: boolean | undefined;
}

/** The remote's secret path in a URL: each segment percent-encoded, the slashes kept (as the secrets routes read it). */
function secretUrl(base: string, path: string): URL {
  return new URL(`/v1/secrets/${path.split('/').map(encodeURIComponent).join('/')}`, base);
}

/**
 * Another ScaiVault server over its REST API: `GET/PUT /v1/secrets/{path}`, `GET /v1/secrets?prefix=`
 * and `GET /v1/auth/whoami`, with the bearer token in the `token` field of the credentials secret.
 */
export class ScaiVaultBackend implements BackendStore {
  constructor(
    private readonly config: ScaiVaultBackendConfig,
    private readonly credentials: CredentialReader,
  ) {}

  async read(path: string, version?: number): Promise<RemoteSecret | undefined> {
    const url = secretUrl(this.config.endpoint, path);
    if (version !== undefined) url.searchParams.set('version', String(version));
    const response = await this.send('GET', url);
    if (response.status === 404) return undefined;
    this.expect(url, response, 200);
    const body = response.body as { data?: unknown; version?: unknown };
    if (!body || typeof body.data !== 'object' || body.data === null)
      throw new BackendUnavailable(`${url.host} answered a read without a data object`, 'error');
    return { data: body.data as Record<string, unknown>, version: typeof body.version === 'number' ? body.version : null };
  }

  async list(prefix: string): Promise<string[]> {
    const paths: string[] = [];
    let cursor: string | undefined;
    do {
      const url = new URL('/v1/secrets', this.config.endpoint);
      url.searchParams.set('prefix', prefix);
      url.searchParams.set('limit', '1000');
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await this.send('GET', url);
      this.expect(url, response, 200);
      const body = response.body as { secrets?: Array<{ path?: unknown }>; cursor?: unknown; has_more?: unknown };
      for (const item of body.secrets ?? []) if (typeof item.path === 'string') paths.push(item.path);
      cursor = body.has_more === true && typeof body.cursor === 'string' ? body.cursor : undefined;
    } while (cursor);
    return paths;
  }

  async write(path: string, data: Record<string, unknown>): Promise<void> {
    const url = secretUrl(this.config.endpoint, path);
    this.expect(url, await this.send('PUT', url, { data }), 200, 201);
  }

  async ping(): Promise<void> {
    const url = new URL('/v1/auth/whoami', this.config.endpoint);
    this.expect(url, await this.send('GET', url), 200);
  }

  private async send(method: string, url: URL, body?: unknown): Promise<BackendResponse> {
    const token = credentialField(await this.credentials(this.config.credentials_path), 'token', this.config.credentials_path);
    return backendRequest(url, {
      method,
      body,
      tlsVerify: this.config.tls_verify,
      headers: { authorization: `Bearer ${token}`, ...(this.config.tenant_id ? { 'x-tenant-id': this.config.tenant_id } : {}) },
    });
  }

  private expect(url: URL, response: BackendResponse, ...ok: number[]): void {
    if (ok.includes(response.status)) return;
    const kind = response.status === 401 || response.status === 403 ? 'auth_failed' : 'error';
    throw new BackendUnavailable(describeAnswer(url, response), kind);
  }
}
