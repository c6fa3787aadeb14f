import type { BackendStore, RemoteSecret } from './backend-store.js';
import { BackendUnavailable } from './backend-store.js';
import { backendRequest, describeAnswer, type BackendResponse } from './backend-http.js';
import { credentialField, type CredentialReader } from './backend-credentials.js';
import type { Clock } from '../shared/time.js';

export interface VaultBackendConfig {
  endpoint: string;
  auth_method: 'token' | 'approle';
  auth_config_path: string;
  /** Where the AppRole auth method is mounted (default `approle`). */
  approle_mount?: string | undefined;
  /** Vault Enterprise namespace, sent as `X-Vault-Namespace`. */
  namespace?: string | undefined;
  tls_verify?: boolean | undefined;
}

/** `secret/data/app/db` → mount `secret`, path `app/db`: templates name the KV v2 data path, as the documented example does. */
function splitKvPath(path: string): { mount: string; rest: string } {
  const [mount, data, ...rest] = path.split('/');
  if (!mount || data !== 'data') throw new BackendUnavailable(`'${path}' is not a KV v2 data path (<mount>/data/<path>)`, 'error');
  return { mount, rest: rest.join('/') };
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * HashiCorp Vault's KV secrets engine, version 2, over Vault's HTTP API: read
 * `GET /v1/<mount>/data/<path>[?version=]`, write `POST` to the same path with `{"data"}`, list
 * `GET /v1/<mount>/metadata/<path>?list=true` (keys ending in `/` are folders), authenticated with
 * `X-Vault-Token`: a token from the secret at `auth_config_path` (field `token`), or one obtained by
 * AppRole login (`POST /v1/auth/<mount>/login` with `role_id` and `secret_id` from that secret),
 * kept until shortly before its lease ends and obtained again after a 403.
 */
export class HashicorpVaultBackend implements BackendStore {
  private login: { token: string; until: number; credentials: string } | undefined;

  constructor(
    private readonly config: VaultBackendConfig,
    private readonly credentials: CredentialReader,
    private readonly clock: Clock,
  ) {}

  async read(path: string, version?: number): Promise<RemoteSecret | undefined> {
    const { mount, rest } = splitKvPath(path);
    const url = this.url(`/v1/${encodePath(mount)}/data/${encodePath(rest)}`);
    if (version !== undefined) url.searchParams.set('version', String(version));
    const response = await this.send('GET', url);
    if (response.status === 404) return undefined;
    this.expect(url, response, 200);
    const body = response.body as { data?: { data?: unknown; metadata?: { version?: unknown } } };
    const data = body?.data?.data;
    // A deleted or destroyed version answers data null.
    if (data === null) return undefined;
    if (typeof data !== 'object' || data === undefined)
      throw new BackendUnavailable(`${url.host} answered a read without data.data`, 'error');
    const remoteVersion = body.data?.metadata?.version;
    return { data: data as Record<string, unknown>, version: typeof remoteVersion === 'number' ? remoteVersion : null };
  }

  async list(prefix: string): Promise<string[]> {
    const { mount, rest } = splitKvPath(prefix.endsWith('/') ? prefix : `${prefix}/`);
    const found: string[] = [];
    const walk = async (folder: string) => {
      const url = this.url(`/v1/${encodePath(mount)}/metadata/${encodePath(folder)}`);
      url.searchParams.set('list', 'true');
      const response = await this.send('GET', url);
      // Vault answers 404 for a folder with nothing under it.
      if (response.status === 404) return;
      this.expect(url, response, 200);
      const keys = (response.body as { data?: { keys?: unknown } })?.data?.keys;
      for (const key of Array.isArray(keys) ? keys : []) {
        if (typeof key !== 'string') continue;
        if (key.endsWith('/')) await walk(`${folder}${key}`);
        else found.push(`${mount}/data/${folder}${key}`);
      }
    };
    await walk(rest);
    return found;
  }

  async write(path: string, data: Record<string, unknown>): Promise<void> {
    const { mount, rest } = splitKvPath(path);
    const url = this.url(`/v1/${encodePath(mount)}/data/${encodePath(rest)}`);
    this.expect(url, await this.send('POST', url, { data }), 200, 204);
  }

  async ping(): Promise<void> {
    const url = this.url('/v1/auth/token/lookup-self');
    this.expect(url, await this.send('GET', url), 200);
  }

  private url(path: string): URL {
    return new URL(path, this.config.endpoint);
  }

  private async send(method: string, url: URL, body?: unknown): Promise<BackendResponse> {
    const request = async (token: string) =>
      backendRequest(url, {
        method,
        body,
        tlsVerify: this.config.tls_verify,
        headers: { 'x-vault-token': token, ...(this.config.namespace ? { 'x-vault-namespace': this.config.namespace } : {}) },
      });
    const response = await request(await this.token());
    // An AppRole token that ended early (revoked, a shorter lease): log in once more and repeat.
    if (response.status !== 403 || this.config.auth_method !== 'approle') return response;
    this.login = undefined;
    return request(await this.token());
  }

  private async token(): Promise<string> {
    const path = this.config.auth_config_path;
    const secret = await this.credentials(path);
    if (this.config.auth_method === 'token') return credentialField(secret, 'token', path);
    const roleId = credentialField(secret, 'role_id', path);
    const secretId = credentialField(secret, 'secret_id', path);
    // A changed secret (rotated secret_id) logs in again at once.
    const credentials = `${roleId}\u0000${secretId}`;
    if (this.login && this.login.credentials === credentials && this.login.until > this.clock()) return this.login.token;
    const url = this.url(`/v1/auth/${encodePath(this.config.approle_mount ?? 'approle')}/login`);
    const response = await backendRequest(url, {
      method: 'POST',
      body: { role_id: roleId, secret_id: secretId },
      tlsVerify: this.config.tls_verify,
      headers: this.config.namespace ? { 'x-vault-namespace': this.config.namespace } : {},
    });
    if (response.status !== 200) throw new BackendUnavailable(`AppRole login: ${describeAnswer(url, response)}`, 'auth_failed');
    const auth = (response.body as { auth?: { client_token?: unknown; lease_duration?: unknown } })?.auth;
    if (typeof auth?.client_token !== 'string')
      throw new BackendUnavailable(`AppRole login: ${url.host} answered no client_token`, 'auth_failed');
    const leaseSeconds = typeof auth.lease_duration === 'number' && auth.lease_duration > 0 ? auth.lease_duration : 3600;
    // Renewed when 90 % of the lease has passed, so a token is never used at the edge of its life.
    this.login = { token: auth.client_token, until: this.clock() + leaseSeconds * 900, credentials };
    return auth.client_token;
  }

  private expect(url: URL, response: BackendResponse, ...ok: number[]): void {
    if (ok.includes(response.status)) return;
    const kind = response.status === 401 || response.status === 403 ? 'auth_failed' : 'error';
    throw new BackendUnavailable(describeAnswer(url, response), kind);
  }
}
