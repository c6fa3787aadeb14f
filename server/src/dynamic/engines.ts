import type { Store } from '../storage/store.js';
import { prepared } from '../storage/prepared-query.js';
import type { SecretsService } from '../secrets/secrets-service.js';
import type { AccessControl } from '../policies/access-control.js';
import type { Actor } from '../shared/actor.js';
import { iso, type Clock } from '../shared/time.js';
import { ApiError, conflict, notFound, validationError } from '../http/api-error.js';
import { validateSecretPath } from '../shared/secret-path.js';
import type { DynamicEnginesTable } from './dynamic-tables.js';
import { ENGINE_DEFAULT_TTL, ENGINE_MAX_TTL, leaseDuration } from './lease-durations.js';
import { engineActor } from './engine-identity.js';
import type { PostgresTarget, TargetAddress } from './postgres-target.js';

export type EngineRow = DynamicEnginesTable;

// Every creds, renew and revoke looks its engine up: compiled once.
const SELECT_ENGINE = prepared<{ tenant_id: string; name: string }>()((db, p) =>
  db.selectFrom('dynamic_engines').selectAll().where('tenant_id', '=', p.tenant_id).where('name', '=', p.name),
);

/** The one engine kind so far: `"type": "database"` with `"config": {"plugin": "postgresql"}`. */
export const ENGINE_TYPES = ['database'] as const;
export const DATABASE_PLUGINS = ['postgresql'] as const;
/** Engine and role names appear in URLs and generated role names. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface EngineSpec {
  name?: string | undefined;
  type?: string | undefined;
  plugin?: string | undefined;
  connection_url?: string | undefined;
  root_credentials_path?: string | undefined;
  default_ttl?: string | undefined;
  max_ttl?: string | undefined;
}

/** The root credentials of an engine, read from its secret for one use and never kept. */
export interface RootLogin {
  username: string;
  password: string;
}

export function invalidConfig(message: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, 'invalid_config', message, details);
}

/** `connection_url` with each placeholder replaced by the URL-encoded value. */
export function fillConnectionUrl(template: string, login: RootLogin): string {
  return template
    .replace(/\{\{\s*username\s*\}\}/g, encodeURIComponent(login.username))
    .replace(/\{\{\s*password\s*\}\}/g, encodeURIComponent(login.password));
}

/**
 * A `postgres://` or `postgresql://` URL whose user and password are the `{{username}}` and
 * `{{password}}` placeholders: a literal password would put a credential into the engine's config,
 * which the documentation keeps in the root-credentials secret.
 */
function checkConnectionUrl(template: string): void {
  let parsed: URL;
  try {
    parsed = new URL(fillConnectionUrl(template, { username: 'u', password: 'p' }));
  } catch {
    throw invalidConfig('config.connection_url is not a URL (e.g. postgresql://{{username}}:{{password}}@db.internal:5432/app)', {
      field: 'config.connection_url',
    });
  }
  if (!['postgres:', 'postgresql:'].includes(parsed.protocol) || parsed.hostname === '')
    throw invalidConfig('config.connection_url must be a postgresql:// URL with a host', { field: 'config.connection_url' });
  if (!/\{\{\s*username\s*\}\}/.test(template) || !/\{\{\s*password\s*\}\}/.test(template) || parsed.password !== 'p')
    throw invalidConfig(
      'config.connection_url must log in as {{username}}:{{password}}, which come from the secret at root_credentials_path; put no credentials in the URL',
      { field: 'config.connection_url' },
    );
}

/** Engines: where a backend is, where its root credentials live, and its TTL limits. */
export class DynamicEngines {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretsService,
    private readonly access: AccessControl,
    private readonly target: PostgresTarget,
  ) {}

  /** Validates, tests the connection (as the engine's identity) and stores the engine. */
  async create(actor: Actor, spec: EngineSpec & { name: string; type: string }): Promise<EngineRow> {
    if (!NAME_PATTERN.test(spec.name)) throw validationError({ name: 'letters, digits, ".", "_" and "-", at most 64' });
    if (!ENGINE_TYPES.includes(spec.type as (typeof ENGINE_TYPES)[number]))
      throw invalidConfig(`type '${spec.type}' is not supported; supported: ${ENGINE_TYPES.join(', ')}`, { field: 'type' });
    if (spec.plugin === undefined || !DATABASE_PLUGINS.includes(spec.plugin as (typeof DATABASE_PLUGINS)[number]))
      throw invalidConfig(`config.plugin must be one of ${DATABASE_PLUGINS.join(', ')}`, { field: 'config.plugin' });
    if (spec.connection_url === undefined) throw invalidConfig('config.connection_url is required', { field: 'config.connection_url' });
    if (spec.root_credentials_path === undefined)
      throw invalidConfig('config.root_credentials_path is required', { field: 'config.root_credentials_path' });
    const now = this.clock();
    const row: EngineRow = {
      tenant_id: actor.tenantId,
      name: spec.name,
      engine_type: spec.type,
      plugin: spec.plugin,
      connection_url: spec.connection_url,
      root_credentials_path: spec.root_credentials_path,
      default_ttl: spec.default_ttl ?? ENGINE_DEFAULT_TTL,
      default_ttl_ms: 0,
      max_ttl: spec.max_ttl ?? ENGINE_MAX_TTL,
      max_ttl_ms: 0,
      created_at: now,
      updated_at: now,
    };
    this.checkRow(row);
    if (await this.find(actor.tenantId, spec.name))
      throw conflict('engine_exists', `An engine named '${spec.name}' already exists`, { name: spec.name });
    await this.requireWorking(row, actor.requestId);
    try {
      await this.store.db.insertInto('dynamic_engines').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error))
        throw conflict('engine_exists', `An engine named '${spec.name}' already exists`, { name: spec.name });
      throw error;
    }
    return row;
  }

  async list(tenantId: string, after: string | undefined, limit: number): Promise<EngineRow[]> {
    let query = this.store.db.selectFrom('dynamic_engines').selectAll().where('tenant_id', '=', tenantId);
    if (after !== undefined) query = query.where('name', '>', after);
    return query
      .orderBy('name')
      .limit(limit + 1)
      .execute();
  }

  async row(tenantId: string, name: string): Promise<EngineRow> {
    const row = await this.find(tenantId, name);
    if (!row) throw notFound('engine_not_found', `Dynamic secrets engine '${name}' not found`, { engine: name });
    return row;
  }

  /** Changes the config or TTLs; a changed connection is tested again before it is kept. */
  async update(actor: Actor, name: string, spec: EngineSpec): Promise<EngineRow> {
    const row = await this.row(actor.tenantId, name);
    const next: EngineRow = { ...row, updated_at: this.clock() };
    if (spec.plugin !== undefined) next.plugin = spec.plugin;
    if (spec.connection_url !== undefined) next.connection_url = spec.connection_url;
    if (spec.root_credentials_path !== undefined) next.root_credentials_path = spec.root_credentials_path;
    if (spec.default_ttl !== undefined) next.default_ttl = spec.default_ttl;
    if (spec.max_ttl !== undefined) next.max_ttl = spec.max_ttl;
    if (!DATABASE_PLUGINS.includes(next.plugin as (typeof DATABASE_PLUGINS)[number]))
      throw invalidConfig(`config.plugin must be one of ${DATABASE_PLUGINS.join(', ')}`, { field: 'config.plugin' });
    this.checkRow(next);
    if (next.connection_url !== row.connection_url || next.root_credentials_path !== row.root_credentials_path) {
      await this.requireWorking(next, actor.requestId);
      await this.target.forget(poolKey(next));
    }
    const { tenant_id: _tenant, name: _name, created_at: _created, ...changes } = next;
    await this.store.db
      .updateTable('dynamic_engines')
      .set(changes)
      .where('tenant_id', '=', row.tenant_id)
      .where('name', '=', name)
      .execute();
    return next;
  }

  async delete(tenantId: string, name: string): Promise<void> {
    await this.store.transaction(async () => {
      await this.store.db.deleteFrom('dynamic_roles').where('tenant_id', '=', tenantId).where('engine', '=', name).execute();
      await this.store.db.deleteFrom('dynamic_engines').where('tenant_id', '=', tenantId).where('name', '=', name).execute();
    });
    await this.target.forget(`${tenantId}\u0000${name}`);
  }

  /** `GET …/health`: a fresh connection as the engine, timed. */
  async health(row: EngineRow, requestId: string): Promise<Record<string, unknown>> {
    let problem: string | undefined;
    let latencyMs = 0;
    try {
      const address = await this.address(row, requestId);
      ({ problem, latencyMs } = await this.target.check(address));
    } catch (error) {
      problem = error instanceof ApiError ? error.message : 'the engine could not be checked';
    }
    return {
      engine: row.name,
      status: problem === undefined ? 'healthy' : 'unhealthy',
      latency_ms: Math.round(latencyMs * 10) / 10,
      ...(problem === undefined ? {} : { error: problem }),
    };
  }

  /**
   * Where the engine connects and with what, read now from the root-credentials secret as the
   * identity `dynamic:<engine>` through the access policies (a denial is `400 invalid_config`: the
   * engine is set up so it cannot work).
   */
  async address(row: EngineRow, requestId: string): Promise<TargetAddress & { login: RootLogin }> {
    const path = row.root_credentials_path;
    const actor = engineActor(row.tenant_id, row.name, requestId);
    try {
      await this.access.authorize(actor, path, 'read');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw invalidConfig(
        `the engine's identity dynamic:${row.name} may not read its root credentials at '${path}' (${error.code}): bind a policy granting read on that path to dynamic:${row.name} or to group:system:dynamic-engines`,
        { field: 'config.root_credentials_path', path, identity: `dynamic:${row.name}` },
      );
    }
    let data: Record<string, unknown>;
    try {
      data = await this.secrets.currentData(row.tenant_id, path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404)
        throw invalidConfig(`the root credentials secret '${path}' does not exist`, { field: 'config.root_credentials_path', path });
      throw error;
    }
    const { username, password } = data;
    if (typeof username !== 'string' || username === '' || typeof password !== 'string')
      throw invalidConfig(`the root credentials secret '${path}' needs string fields 'username' and 'password'`, {
        field: 'config.root_credentials_path',
        path,
      });
    const login = { username, password };
    return { key: poolKey(row), url: fillConnectionUrl(row.connection_url, login), secrets: [password], login };
  }

  view(row: EngineRow): Record<string, unknown> {
    return {
      name: row.name,
      type: row.engine_type,
      config: { plugin: row.plugin, connection_url: row.connection_url, root_credentials_path: row.root_credentials_path },
      default_ttl: row.default_ttl,
      max_ttl: row.max_ttl,
      status: 'active',
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  private async find(tenantId: string, name: string): Promise<EngineRow | undefined> {
    return (await this.store.run(SELECT_ENGINE, { tenant_id: tenantId, name }))[0];
  }

  private checkRow(row: EngineRow): void {
    checkConnectionUrl(row.connection_url);
    try {
      validateSecretPath(row.root_credentials_path);
    } catch {
      throw invalidConfig(`config.root_credentials_path '${row.root_credentials_path}' is not a secret path`, {
        field: 'config.root_credentials_path',
      });
    }
    row.default_ttl_ms = leaseDuration(row.default_ttl, 'default_ttl');
    row.max_ttl_ms = leaseDuration(row.max_ttl, 'max_ttl');
    if (row.default_ttl_ms > row.max_ttl_ms)
      throw new ApiError(400, 'invalid_duration', `default_ttl (${row.default_ttl}) is longer than max_ttl (${row.max_ttl})`, {
        field: 'default_ttl',
        value: row.default_ttl,
      });
  }

  /** The documented test connection: `400 invalid_config` naming what failed, never a credential. */
  private async requireWorking(row: EngineRow, requestId: string): Promise<void> {
    const address = await this.address(row, requestId);
    const { problem } = await this.target.check(address);
    if (problem !== undefined)
      throw invalidConfig(`the test connection to the database failed: ${problem}`, { field: 'config.connection_url' });
  }
}

export function poolKey(row: EngineRow): string {
  return `${row.tenant_id}\u0000${row.name}`;
}
