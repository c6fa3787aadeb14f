import { ApiError } from '../http/api-error.js';
import { BodyReader } from '../http/body-reader.js';
import { parseDuration } from '../shared/durations.js';
import { validateSecretPath } from '../shared/secret-path.js';
import { parsePathMapping, type PathRule } from './path-mapping.js';

/** The types a backend can be today; the other documented ones answer `unsupported_backend_type`. */
export const SUPPORTED_TYPES = ['scaivault', 'hashicorp-vault', 'aws-secrets-manager'] as const;
export const DOCUMENTED_UNSUPPORTED_TYPES = ['azure-key-vault', 'google-secret-manager'] as const;
export type BackendType = (typeof SUPPORTED_TYPES)[number];
export const MODES = ['proxy', 'sync'] as const;
export type BackendMode = (typeof MODES)[number];
/** Shorter intervals would make a sync-mode backend a polling proxy. */
export const MIN_SYNC_INTERVAL_MS = 60_000;
const VAULT_AUTH_METHODS = ['token', 'approle'] as const;
const VAULT_DOCUMENTED_AUTH_METHODS = ['kubernetes', 'aws', 'gcp'];

export interface BackendSpec {
  name: string;
  type: BackendType;
  mode: BackendMode;
  config: Record<string, unknown>;
  pathMapping: Record<string, string>;
  rules: PathRule[];
  syncInterval: string | null;
  syncIntervalMs: number | null;
  writeThrough: boolean;
}

export function invalidConfig(message: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, 'invalid_config', message, details);
}

const NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const BODY_FIELDS = ['name', 'type', 'config', 'path_mapping', 'mode', 'sync_interval', 'write_through'];

/**
 * Reads a create body, or a PATCH body merged over the stored backend (`current`): the result is
 * checked as a whole, so a change that leaves the backend inconsistent (sync without an interval,
 * write-through on a proxy) is refused whichever field it changed.
 */
export function readBackendSpec(body: unknown, current?: BackendSpec): BackendSpec {
  const fields = new BodyReader(body);
  for (const key of Object.keys(fields.rawObject())) {
    if (!BODY_FIELDS.includes(key)) fields.fail(key, 'unknown field');
    else if (current && (key === 'name' || key === 'type')) fields.fail(key, 'cannot be changed; delete and create the backend instead');
  }
  const name = current ? current.name : fields.requiredString('name', { max: 64 });
  const type = current ? current.type : fields.requiredString('type', { max: 64 });
  const config = fields.optionalObject('config') ?? current?.config;
  if (!config) fields.fail('config', 'required object (backend-specific)');
  const mapping = fields.optionalObject('path_mapping') ?? current?.pathMapping;
  if (!mapping) fields.fail('path_mapping', 'required object {scaivault_glob: backend_template}');
  const mode = fields.has('mode') ? fields.optionalEnum('mode', MODES) : (current?.mode ?? fields.optionalEnum('mode', MODES));
  if (!current && !fields.has('mode')) fields.fail('mode', 'required: proxy or sync');
  const interval = fields.has('sync_interval') ? fields.optionalString('sync_interval', { max: 32 }) : (current?.syncInterval ?? undefined);
  const writeThrough = fields.optionalBoolean('write_through') ?? current?.writeThrough ?? false;
  fields.finish();
  if (!NAME.test(name))
    throw new ApiError(422, 'validation_error', 'Invalid field(s): name', { fields: { name: 'a-z, 0-9, ".", "_" and "-", at most 64' } });
  if ((DOCUMENTED_UNSUPPORTED_TYPES as readonly string[]).includes(type))
    throw new ApiError(
      400,
      'unsupported_backend_type',
      `Backend type '${type}' is not supported by this server yet; supported: ${SUPPORTED_TYPES.join(', ')}`,
      {
        type,
        supported: SUPPORTED_TYPES,
      },
    );
  if (!(SUPPORTED_TYPES as readonly string[]).includes(type))
    throw invalidConfig(`type '${type}' is not a backend type; supported: ${SUPPORTED_TYPES.join(', ')}`, { field: 'type' });
  let syncIntervalMs: number | null = null;
  if (mode === 'sync') {
    if (interval === undefined) throw invalidConfig('sync_interval is required for mode sync (e.g. 15m)', { field: 'sync_interval' });
    syncIntervalMs = parseDuration(interval, 'sync_interval');
    if (syncIntervalMs < MIN_SYNC_INTERVAL_MS) throw invalidConfig('sync_interval must be at least 1m', { field: 'sync_interval' });
  } else if (fields.has('sync_interval')) {
    throw invalidConfig('sync_interval applies only to mode sync', { field: 'sync_interval' });
  }
  if (mode === 'proxy' && writeThrough)
    throw invalidConfig('write_through applies only to mode sync: a proxy refuses writes', { field: 'write_through' });
  const rules = parsePathMapping(mapping!);
  const checked = checkConfig(type as BackendType, config!);
  for (const path of credentialPaths(type as BackendType, checked))
    if (rules.some((rule) => path === rule.localPrefix || (rule.wildcard && path.startsWith(`${rule.localPrefix}/`))))
      throw invalidConfig(`the credentials at '${path}' lie under this backend's own path_mapping: keep them in ScaiVault, outside it`, {
        field: 'config',
      });
  return {
    name,
    type: type as BackendType,
    mode: mode!,
    config: checked,
    pathMapping: Object.fromEntries(rules.map((rule) => [rule.pattern, rule.template])),
    rules,
    syncInterval: mode === 'sync' ? interval! : null,
    syncIntervalMs,
    writeThrough,
  };
}

/** The secret paths a config names: read as the backend's identity, never stored here. */
export function credentialPaths(type: BackendType, config: Record<string, unknown>): string[] {
  return [type === 'hashicorp-vault' ? config.auth_config_path : config.credentials_path].filter(
    (path): path is string => typeof path === 'string',
  );
}

function endpoint(config: BodyReader, required: boolean): string | undefined {
  const value = required ? config.requiredString('endpoint', { max: 2048 }) : config.optionalString('endpoint', { max: 2048 });
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidConfig('config.endpoint is not a URL (e.g. https://vault.internal:8200)', { field: 'config.endpoint' });
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username !== '' || url.password !== '')
    throw invalidConfig('config.endpoint must be an http(s) URL without credentials in it', { field: 'config.endpoint' });
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function secretPathField(config: BodyReader, name: string): string {
  const path = config.requiredString(name, { max: 600 });
  if (path === '') return path;
  try {
    return validateSecretPath(path);
  } catch {
    throw invalidConfig(`config.${name} must be a ScaiVault secret path`, { field: `config.${name}` });
  }
}

/** Checks a type's config: the fields it knows, nothing else (a value here is stored and shown back, so no credential fits). */
function checkConfig(type: BackendType, raw: Record<string, unknown>): Record<string, unknown> {
  const config = new BodyReader(raw);
  const known: Record<BackendType, string[]> = {
    scaivault: ['endpoint', 'credentials_path', 'tenant_id', 'tls_verify'],
    'hashicorp-vault': ['endpoint', 'auth_method', 'auth_config_path', 'approle_mount', 'namespace', 'tls_verify'],
    'aws-secrets-manager': ['region', 'credentials_path', 'endpoint'],
  };
  for (const key of Object.keys(raw)) if (!known[type].includes(key)) config.fail(key, 'unknown field');
  let checked: Record<string, unknown>;
  if (type === 'scaivault') {
    checked = {
      endpoint: endpoint(config, true),
      credentials_path: secretPathField(config, 'credentials_path'),
      tenant_id: config.optionalString('tenant_id', { max: 128 }),
      tls_verify: config.optionalBoolean('tls_verify') ?? true,
    };
  } else if (type === 'hashicorp-vault') {
    const method = config.requiredString('auth_method', { max: 32 });
    if (VAULT_DOCUMENTED_AUTH_METHODS.includes(method))
      throw new ApiError(
        400,
        'invalid_config',
        `config.auth_method '${method}' is not supported by this server yet; use token or approle`,
        {
          field: 'config.auth_method',
        },
      );
    if (method !== '' && !(VAULT_AUTH_METHODS as readonly string[]).includes(method))
      throw invalidConfig(`config.auth_method must be token or approle`, { field: 'config.auth_method' });
    checked = {
      endpoint: endpoint(config, true),
      auth_method: method,
      auth_config_path: secretPathField(config, 'auth_config_path'),
      approle_mount: config.optionalString('approle_mount', { max: 128 }),
      namespace: config.optionalString('namespace', { max: 256 }),
      tls_verify: config.optionalBoolean('tls_verify') ?? true,
    };
  } else {
    const region = config.requiredString('region', { max: 64 });
    if (region !== '' && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) config.fail('region', 'an AWS region such as us-east-1');
    checked = { region, credentials_path: secretPathField(config, 'credentials_path'), endpoint: endpoint(config, false) };
  }
  try {
    config.finish();
  } catch (error) {
    const problems = ((error as ApiError).details.fields ?? {}) as Record<string, string>;
    const [first] = Object.entries(problems);
    throw invalidConfig(`config.${first![0]}: ${first![1]}`, { field: `config.${first![0]}`, fields: problems });
  }
  return Object.fromEntries(Object.entries(checked).filter(([, value]) => value !== undefined));
}
