import { BodyReader } from '../http/body-reader.js';
import { ApiError } from '../http/api-error.js';
import type { DnsRecordWriter } from './dns-record-writer.js';
import { PowerDnsWriter } from './powerdns-writer.js';
import { ExecHookWriter } from './exec-hook-writer.js';

/** The `provider_type` values the vendor documents. */
export const DOCUMENTED_PROVIDER_TYPES = ['scaidns', 'cloudflare', 'route53', 'azure', 'google', 'digitalocean', 'powerdns'] as const;
/** What this server can drive: PowerDNS's API, and a hook command the operator installed (`exec`, our addition). */
export const SUPPORTED_PROVIDER_TYPES = ['powerdns', 'exec'] as const;
export type SupportedProviderType = (typeof SUPPORTED_PROVIDER_TYPES)[number];

/** Hook name → absolute path of the executable, set by whoever starts the server (never through the API). */
export type DnsExecHooks = Readonly<Record<string, string>>;

export interface ProviderSettings {
  /** Sealed at rest, never returned. */
  credentials: Record<string, string>;
  /** Returned as `config`. */
  config: ProviderConfig;
}

export interface ProviderConfig {
  /** `exec` only: which configured hook runs. */
  hook?: string;
  /** Authoritative servers (`host` or `host:port`) the propagation check asks; default: the zone's NS records on port 53. */
  nameservers?: string[];
}

export function checkProviderType(value: unknown): SupportedProviderType {
  const known = [...DOCUMENTED_PROVIDER_TYPES, 'exec'];
  if (typeof value !== 'string' || !known.includes(value)) {
    throw new ApiError(422, 'validation_error', 'Invalid field(s): provider_type', {
      fields: { provider_type: `must be one of ${known.join(', ')}` },
    });
  }
  if (!(SUPPORTED_PROVIDER_TYPES as readonly string[]).includes(value)) {
    throw new ApiError(
      422,
      'unsupported_provider_type',
      `DNS provider type ${value} is not supported by this server yet; supported: ${SUPPORTED_PROVIDER_TYPES.join(', ')}`,
      { provider_type: value, supported: [...SUPPORTED_PROVIDER_TYPES] },
    );
  }
  return value as SupportedProviderType;
}

const NAMESERVER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

function readNameservers(fields: BodyReader): string[] | undefined {
  const nameservers = fields.optionalStringArray('nameservers');
  for (const server of nameservers ?? []) if (!NAMESERVER.test(server)) fields.fail('nameservers', `not a host or host:port: ${server}`);
  return nameservers;
}

/** Reads and checks `credentials` and `config` for `type`; every problem in one 422. */
export function readProviderSettings(type: SupportedProviderType, body: BodyReader, hooks: DnsExecHooks): ProviderSettings {
  const credentials: Record<string, string> = {};
  const config: ProviderConfig = {};
  const configFields = new BodyReader(body.optionalObject('config') ?? {});
  const nameservers = readNameservers(configFields);
  if (nameservers) config.nameservers = nameservers;
  if (type === 'powerdns') {
    const given = body.optionalNested('credentials', (fields) => ({
      api_url: fields.requiredString('api_url', { max: 2048 }),
      api_key: fields.requiredString('api_key', { max: 4096 }),
      server_id: fields.optionalString('server_id', { max: 256 }) ?? 'localhost',
    }));
    if (!given) body.fail('credentials', 'required object with api_url and api_key');
    else {
      let url: URL | undefined;
      try {
        url = new URL(given.api_url);
      } catch {
        /* reported below */
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password)
        body.fail('credentials.api_url', 'must be an http:// or https:// URL without user info');
      Object.assign(credentials, given);
    }
  } else {
    const hook = configFields.requiredString('hook', { max: 128 });
    if (hook && !Object.hasOwn(hooks, hook)) {
      const configured = Object.keys(hooks);
      configFields.fail(
        'hook',
        configured.length ? `must be one of the server's hooks: ${configured.join(', ')}` : 'this server has no DNS hooks configured',
      );
    }
    config.hook = hook;
    for (const [name, value] of Object.entries(body.optionalObject('credentials') ?? {})) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) body.fail(`credentials.${name}`, 'names are letters, digits and _');
      else if (typeof value !== 'string') body.fail(`credentials.${name}`, 'must be a string');
      else credentials[name] = value;
    }
  }
  for (const [field, problem] of Object.entries(configProblems(configFields))) body.fail(`config.${field}`, problem);
  return { credentials, config };
}

function configProblems(fields: BodyReader): Record<string, string> {
  try {
    fields.finish();
    return {};
  } catch (error) {
    return ((error as ApiError).details?.fields as Record<string, string>) ?? {};
  }
}

export function writerFor(type: SupportedProviderType, settings: ProviderSettings, hooks: DnsExecHooks): DnsRecordWriter {
  if (type === 'powerdns') {
    const { api_url, api_key, server_id } = settings.credentials as { api_url: string; api_key: string; server_id: string };
    return new PowerDnsWriter({ api_url, api_key, server_id });
  }
  const hook = settings.config.hook!;
  const path = hooks[hook];
  if (path === undefined) throw new ApiError(422, 'dns_hook_not_configured', `The DNS hook ${hook} is no longer configured on this server`);
  return new ExecHookWriter(hook, path, settings.credentials);
}
