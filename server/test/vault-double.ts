import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for HashiCorp Vault on 127.0.0.1, reproducing the parts of Vault's published HTTP API
 * (developer.hashicorp.com/vault/api-docs) the federation adapter uses, as documented there:
 *
 * - KV secrets engine v2 (`/v1/<mount>/data/:path`, `/v1/<mount>/metadata/:path`):
 *   `GET data` → 200 `{"data": {"data": {...}, "metadata": {"version", "created_time", ...}}}`, `?version=N`
 *   for an older version, 404 `{"errors": []}` when there is none; `POST`/`PUT data` with `{"data"}`
 *   writes the next version → 200 `{"data": {"version", ...}}`; `LIST metadata` (or `GET ?list=true`)
 *   → `{"data": {"keys": [...]}}` with folders ending in `/`, 404 for an empty folder.
 * - AppRole login `POST /v1/auth/approle/login` `{"role_id","secret_id"}` → `{"auth": {"client_token",
 *   "lease_duration", ...}}`; wrong credentials → 400 `{"errors": ["invalid role or secret ID"]}`.
 * - `GET /v1/auth/token/lookup-self`; every request without a valid `X-Vault-Token` → 403
 *   `{"errors": ["permission denied"]}`.
 *
 * Nothing else: no policies, leases renewals, namespaces beyond recording the header.
 */
export interface VaultDouble {
  url: string;
  /** The token a `token` backend is configured with. */
  rootToken: string;
  roleId: string;
  secretId: string;
  /** Writes a version the way `vault kv put` would. */
  put(mount: string, path: string, data: Record<string, unknown>): void;
  current(mount: string, path: string): Record<string, unknown> | undefined;
  /** Ends every token AppRole issued (as `vault token revoke` would). */
  revokeAppRoleTokens(): void;
  logins: number;
  requests: Array<{ method: string; path: string; token: string | undefined }>;
  close(): Promise<void>;
}

export async function startVaultDouble(): Promise<VaultDouble> {
  const store = new Map<string, Array<Record<string, unknown>>>();
  const tokens = new Set(['hvs.root-token-of-the-double']);
  const appRoleTokens = new Set<string>();
  let issued = 0;
  const state = {
    logins: 0,
    requests: [] as VaultDouble['requests'],
  };
  const put = (mount: string, path: string, data: Record<string, unknown>) => {
    const key = `${mount}/${path}`;
    store.set(key, [...(store.get(key) ?? []), data]);
    return store.get(key)!.length;
  };

  const answer = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://vault');
      const token = req.headers['x-vault-token'] as string | undefined;
      state.requests.push({ method: req.method ?? '', path: url.pathname, token });
      if (req.method === 'POST' && url.pathname === '/v1/auth/approle/login') {
        const body = await readBody(req);
        if (body.role_id !== double.roleId || body.secret_id !== double.secretId)
          return answer(res, 400, { errors: ['invalid role or secret ID'] });
        state.logins++;
        const client = `hvs.approle-${++issued}`;
        tokens.add(client);
        appRoleTokens.add(client);
        return answer(res, 200, { auth: { client_token: client, lease_duration: 2764800, renewable: true, policies: ['default'] } });
      }
      if (!token || !tokens.has(token)) return answer(res, 403, { errors: ['permission denied'] });
      if (req.method === 'GET' && url.pathname === '/v1/auth/token/lookup-self')
        return answer(res, 200, { data: { id: token, ttl: 3600 } });
      const kv = /^\/v1\/([^/]+)\/(data|metadata)\/(.*)$/.exec(url.pathname);
      if (!kv) return answer(res, 404, { errors: [] });
      const [, mount, kind, encoded] = kv;
      const path = decodeURIComponent(encoded!);
      if (kind === 'metadata' && (req.method === 'LIST' || (req.method === 'GET' && url.searchParams.get('list') === 'true'))) {
        const prefix = `${mount}/${path}`;
        const keys = new Set<string>();
        for (const key of store.keys()) {
          if (!key.startsWith(prefix)) continue;
          const rest = key.slice(prefix.length);
          keys.add(rest.includes('/') ? `${rest.slice(0, rest.indexOf('/'))}/` : rest);
        }
        return keys.size === 0 ? answer(res, 404, { errors: [] }) : answer(res, 200, { data: { keys: [...keys].sort() } });
      }
      if (kind === 'data' && req.method === 'GET') {
        const versions = store.get(`${mount}/${path}`);
        const wanted = url.searchParams.has('version') ? Number(url.searchParams.get('version')) : versions?.length;
        const data = versions && wanted ? versions[wanted - 1] : undefined;
        if (!data) return answer(res, 404, { errors: [] });
        return answer(res, 200, {
          data: { data, metadata: { version: wanted, created_time: '2026-04-23T14:00:00Z', deletion_time: '', destroyed: false } },
        });
      }
      if (kind === 'data' && (req.method === 'POST' || req.method === 'PUT')) {
        const body = await readBody(req);
        if (typeof body.data !== 'object' || body.data === null) return answer(res, 400, { errors: ['no data provided'] });
        const version = put(mount!, path, body.data as Record<string, unknown>);
        return answer(res, 200, { data: { version, created_time: '2026-04-23T14:00:00Z', destroyed: false } });
      }
      return answer(res, 405, { errors: [] });
    })().catch(() => answer(res, 500, { errors: ['internal error'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const double: VaultDouble = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rootToken: 'hvs.root-token-of-the-double',
    roleId: 'role-id-of-the-double',
    secretId: 'secret-id-of-the-double',
    put: (mount, path, data) => void put(mount, path, data),
    current: (mount, path) => store.get(`${mount}/${path}`)?.at(-1),
    revokeAppRoleTokens: () => {
      for (const client of appRoleTokens) tokens.delete(client);
      appRoleTokens.clear();
    },
    get logins() {
      return state.logins;
    },
    requests: state.requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return double;
}
