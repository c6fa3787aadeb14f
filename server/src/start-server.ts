import type { AddressInfo } from 'node:net';
import type { Store } from './storage/store.js';
import { SqliteStore } from './storage/sqlite-store.js';
import { ensureDataDir } from './storage/data-dir.js';
import { EphemeralMasterKeySource, type MasterKeySource } from './crypto/master-key.js';
import { dataDirKeySource } from './crypto/key-root/data-dir-key-source.js';
import { SealedBox } from './crypto/sealed-box.js';
import { newSecretToken } from './shared/ids.js';
import type { Clock } from './shared/time.js';
import { AREAS } from './app/areas.js';
import { ComposedAreas, orderAreas } from './modules/compose-areas.js';
import type { ServerSettings } from './modules/server-settings.js';
import type { AreaName, AreaServices } from './modules/area-module.js';
import { buildApp } from './app/build-app.js';
import { WEBHOOK_TARGET_POLICIES, type HostResolver, type WebhookTargetPolicy } from './event-delivery/webhook-targets.js';

export interface StartServerOptions {
  /** TCP port; 0 picks a free one. Default 8200. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** The root token; default a random `skt_` token. */
  rootToken?: string;
  /** Directory for the SQLite database and master key; undefined keeps everything in memory. */
  dataDir?: string;
  /**
   * `postgres://user@host:port/db` stores everything in PostgreSQL 14+ instead of SQLite; several
   * servers may share it. Needs `masterKeySource` (the key every instance shares); no `dataDir`.
   */
  storage?: string;
  /** Receives one line per request (and server problems); the CLI writes them to stderr. */
  logger?: (line: string) => void;
  /** Milliseconds since the epoch; injectable so tests can move time. Default Date.now. */
  clock?: Clock;
  /** How often rotation schedules and expiry notices run. Default 1000 ms. */
  schedulerIntervalMs?: number;
  /** Delay before each webhook retry. Default 1 s, 5 s, 30 s, 2 min (five attempts). */
  webhookRetryDelaysMs?: number[];
  /** Per-attempt webhook timeout. Default 10 s. */
  webhookTimeoutMs?: number;
  /**
   * Which addresses webhooks may be sent to: `public` only (default), or also `loopback`, or also
   * `private` ranges. Link-local, multicast and reserved addresses are always refused.
   */
  webhookTargets?: WebhookTargetPolicy;
  /** Resolves webhook host names; default the system resolver. For tests. */
  webhookResolver?: HostResolver;
  /** Enforce the documented per-identity rate limits (never for the root token). Default true. */
  enforceRateLimits?: boolean;
  /**
   * The origin clients reach this server at, written into issued certificates as their CRL, OCSP and
   * CA-issuer URLs. Default the address it listens on (`http://127.0.0.1:8200`).
   */
  publicUrl?: string;
  /**
   * Where the master key comes from; default the data directory's (`master.key`, or the PKCS#11
   * token its key-root.json names), or a random key in memory.
   */
  masterKeySource?: MasterKeySource;
  /** The token's user PIN, asked for only when the data directory's master key is wrapped by a token. */
  keyRootPin?: () => Promise<string>;
  /**
   * DNS hooks `exec` DNS providers may name: hook name → absolute path of an executable the operator
   * installed. Only set here, never through the API. Default none.
   */
  dnsExecHooks?: Record<string, string>;
  /** Pause between an ACME order's checks of DNS propagation and of the CA's status. Default 2000 ms. */
  acmePollIntervalMs?: number;
  /** How long before `not_after` the leader renews an ACME certificate. Default 30 days. */
  acmeRenewWindowMs?: number;
  /** How long a client may take to send its request headers before `408` and a closed connection. Default 10 s. */
  headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, headers and body, before `408` and a closed connection. Default 30 s. */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open between requests. Default 5 s. */
  keepAliveTimeoutMs?: number;
  /**
   * Trust JWT access tokens from this ScaiKey issuer (beside this server's own tokens) and keep the
   * identity cache in step with it: sync through `clientId`/`clientSecret` (a client with
   * `identity:read`), change webhooks signed with `webhookSecret`.
   */
  scaikey?: {
    issuer: string;
    /** Default `scaivault`. */
    audience?: string;
    /** Default: from the issuer's discovery document. */
    jwksUrl?: string;
    /** Default the issuer. */
    url?: string;
    clientId?: string;
    clientSecret?: string;
    webhookSecret?: string;
    /** The least time between JWKS fetches caused by an unknown key id. Default 30 s. */
    jwksRefreshCooldownMs?: number;
  };
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8200` */
  url: string;
  rootToken: string;
  /** Stops accepting requests, releases held long-polls, flushes the audit log and closes the database. */
  close(): Promise<void>;
  /** An area's service, for tests that drive background work themselves (a scheduler's pass, a sync to settle). */
  service<N extends AreaName>(name: N): AreaServices[N];
}

const KEY_CHECK = 'master_key_check';

/** Options that cannot go together, or a storage URL that is not one. */
export class StorageOptionError extends Error {
  readonly code = 'ESTORAGEOPTION';
}

/** Starts a ScaiVault-compatible server for development and tests. Not a production vault. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? Date.now;
  const log = options.logger ?? (() => undefined);
  const rootToken = options.rootToken ?? newSecretToken('skt');
  if (rootToken.trim() === '' || /\s/.test(rootToken)) throw new Error('rootToken must be a non-empty string without whitespace');
  const timeouts = {
    headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 5_000,
  };
  for (const [name, value] of Object.entries(timeouts))
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive number of milliseconds`);
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs)
    throw new Error('headersTimeoutMs must not exceed requestTimeoutMs (the headers are part of the request)');
  if (options.webhookTargets !== undefined && !WEBHOOK_TARGET_POLICIES.includes(options.webhookTargets)) {
    throw new Error(`webhookTargets must be one of ${WEBHOOK_TARGET_POLICIES.join(', ')}`);
  }
  for (const [name, path] of Object.entries(options.dnsExecHooks ?? {}))
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(name) || !path.startsWith('/'))
      throw new Error(`dnsExecHooks: ${name} must be a plain name mapped to an absolute path`);
  const postgresUrl = options.storage;
  if (postgresUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(postgresUrl))
      throw new StorageOptionError('--storage must be a postgres:// URL (leave it out for SQLite)');
    if (options.dataDir !== undefined)
      throw new StorageOptionError('give either --data-dir (SQLite) or --storage postgres://..., not both');
    if (options.masterKeySource === undefined)
      throw new StorageOptionError(
        'PostgreSQL storage needs the master key every instance shares: --master-key-file or SCAIVAULT_MASTER_KEY',
      );
  }
  if (options.publicUrl !== undefined) checkPublicUrl(options.publicUrl);
  const scaikey = scaikeySettings(options.scaikey);
  if (options.dataDir !== undefined) ensureDataDir(options.dataDir);

  // A wrong area list fails here, before a key is made or a database opened.
  const modules = orderAreas(AREAS);
  const keySource =
    options.masterKeySource ??
    (options.dataDir === undefined ? new EphemeralMasterKeySource() : await dataDirKeySource(options.dataDir, options.keyRootPin));
  const masterKey = await keySource.load();
  const store: Store =
    postgresUrl === undefined
      ? SqliteStore.open(options.dataDir, modules, clock())
      : // Loaded only for this engine: SQLite users never load the PostgreSQL client.
        await (await import('./storage/postgres-store.js')).PostgresStore.open(postgresUrl, modules, clock(), log);
  try {
    await verifyMasterKey(store, new SealedBox(masterKey, keySource.keyId));
  } catch (error) {
    await store.close();
    throw error;
  }

  const settings: ServerSettings = {
    rootToken,
    dataDir: options.dataDir,
    schedulerIntervalMs: options.schedulerIntervalMs ?? 1_000,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [1_000, 5_000, 30_000, 120_000],
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    webhookTargets: options.webhookTargets ?? 'public',
    webhookResolver: options.webhookResolver,
    enforceRateLimits: options.enforceRateLimits ?? true,
    publicUrl: options.publicUrl?.replace(/\/+$/, '') ?? '',
    dnsExecHooks: { ...options.dnsExecHooks },
    acmePollIntervalMs: options.acmePollIntervalMs ?? 2_000,
    acmeRenewWindowMs: options.acmeRenewWindowMs ?? 30 * 86_400_000,
    scaikey,
  };
  const areas = new ComposedAreas(modules, {
    clock,
    store,
    sealer: new SealedBox(masterKey, keySource.keyId),
    settings,
    log,
    startedAt: clock(),
  });
  const app = buildApp(areas, log, timeouts);
  try {
    await app.listen({ port: options.port ?? 8200, host });
  } catch (error) {
    await store.close();
    throw error;
  }
  areas.start();

  const address = app.server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  if (settings.publicUrl === '') settings.publicUrl = `http://${hostForUrl}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    rootToken,
    service: (name) => areas.service(name),
    close() {
      closing ??= (async () => {
        await areas.stop();
        await app.close();
        await areas.flush();
        await store.close();
      })();
      return closing;
    },
  };
}

function scaikeySettings(given: StartServerOptions['scaikey']): ServerSettings['scaikey'] {
  if (given === undefined) return undefined;
  for (const [name, value] of [
    ['issuer', given.issuer],
    ['url', given.url],
    ['jwksUrl', given.jwksUrl],
  ] as const)
    if (value !== undefined && !/^https?:\/\/[^\s]+$/.test(value))
      throw Object.assign(new Error(`scaikey.${name} must be an http(s) URL, not ${JSON.stringify(value)}`), { code: 'ESCAIKEY' });
  const issuer = given.issuer.replace(/\/+$/, '');
  return {
    issuer,
    audience: given.audience ?? 'scaivault',
    jwksUrl: given.jwksUrl,
    url: (given.url ?? issuer).replace(/\/+$/, ''),
    clientId: given.clientId,
    clientSecret: given.clientSecret,
    webhookSecret: given.webhookSecret,
    jwksRefreshCooldownMs: given.jwksRefreshCooldownMs ?? 30_000,
  };
}

/** `publicUrl` is written into certificates: an http(s) origin, nothing more. */
function checkPublicUrl(text: string): void {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.pathname.replace(/\/+$/, '') !== ''
  ) {
    throw Object.assign(
      new Error(`--public-url must be an http(s) origin such as https://vault.example.com, not ${JSON.stringify(text)}`),
      {
        code: 'EPUBLICURL',
      },
    );
  }
}

/** A value sealed on first start: a data directory opened with the wrong key fails loudly, now. */
async function verifyMasterKey(store: Store, sealer: SealedBox): Promise<void> {
  const row = await store.db.selectFrom('server_meta').select('value').where('key', '=', KEY_CHECK).executeTakeFirst();
  if (!row) {
    await store.db
      .insertInto('server_meta')
      .values({ key: KEY_CHECK, value: sealer.sealText('scaivault', KEY_CHECK) })
      .execute();
    return;
  }
  try {
    sealer.openText(row.value, KEY_CHECK);
  } catch {
    throw new Error('the master key does not match this data directory (was master.key replaced?)');
  }
}
