import * as t from 'typanion';

/** One key of `~/.scaivault/config.json`. */
export interface ConfigKey {
  readonly name: string;
  readonly description: string;
  /** The environment variable that overrides the file. */
  readonly env: string;
  readonly default?: string;
  /** Values never printed in full (tokens, client secrets). */
  readonly secret?: boolean;
  readonly validator: (value: unknown, state?: t.ValidationState) => boolean;
}

const isHttpUrl = t.makeValidator<unknown, string>({
  test: (value, state): value is string => {
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return true;
    state?.errors?.push(`expected an http(s) URL, got ${JSON.stringify(value)}`);
    return false;
  },
});

const isNonEmpty = t.cascade(t.isString(), [t.hasMinLength(1), t.matchesRegExp(/^\S+$/)]);
const isDurationSeconds = t.cascade(t.isString(), [t.matchesRegExp(/^[1-9][0-9]*(ms|s|m)?$/)]);

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    name: 'base_url',
    description: 'ScaiVault API base URL',
    env: 'SCAIVAULT_URL',
    default: 'https://scaivault.scailabs.ai',
    validator: isHttpUrl,
  },
  { name: 'token', description: 'bearer token (skt_… or a JWT)', env: 'SCAIVAULT_TOKEN', secret: true, validator: isNonEmpty },
  { name: 'client_id', description: 'client-credentials client id', env: 'SCAIVAULT_CLIENT_ID', validator: isNonEmpty },
  {
    name: 'client_secret',
    description: 'client-credentials client secret',
    env: 'SCAIVAULT_CLIENT_SECRET',
    secret: true,
    validator: isNonEmpty,
  },
  {
    name: 'token_url',
    description: 'token endpoint for the client-credentials exchange',
    env: 'SCAIVAULT_TOKEN_URL',
    default: 'https://scaikey.scailabs.ai/oauth/token',
    validator: isHttpUrl,
  },
  { name: 'tenant_id', description: 'tenant context for partner admins', env: 'SCAIVAULT_TENANT_ID', validator: isNonEmpty },
  { name: 'partner_id', description: 'partner context for partner admins', env: 'SCAIVAULT_PARTNER_ID', validator: isNonEmpty },
  {
    name: 'output',
    description: 'default output format: table or json',
    env: 'SCAIVAULT_OUTPUT',
    default: 'table',
    validator: t.isEnum(['table', 'json']),
  },
  {
    name: 'timeout',
    description: 'request timeout, e.g. 30s, 2m or 1500ms',
    env: 'SCAIVAULT_TIMEOUT',
    default: '30s',
    validator: isDurationSeconds,
  },
];

const BY_NAME = new Map(CONFIG_KEYS.map((key) => [key.name, key]));

export function findConfigKey(name: string): ConfigKey | undefined {
  return BY_NAME.get(name);
}

/** Returns why `value` is not acceptable for `key`, or undefined when it is. */
export function checkConfigValue(key: ConfigKey, value: string): string | undefined {
  const errors: string[] = [];
  if (key.validator(value, { errors })) return undefined;
  return errors.map((e) => e.replace(/^\.\s*:\s*/, '')).join('; ') || 'invalid value';
}

/** `1500ms`, `30s`, `2m` or a bare number of seconds, in milliseconds. */
export function timeoutToMs(value: string): number {
  const match = /^([0-9]+)(ms|s|m)?$/.exec(value);
  if (!match) throw new Error(`bad timeout ${value}`);
  const amount = Number(match[1]);
  return match[2] === 'ms' ? amount : match[2] === 'm' ? amount * 60_000 : amount * 1000;
}
