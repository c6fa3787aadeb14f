import * as t from 'typanion';
import { UsageError } from '../errors/cli-error.js';
import { DURATION_FORMS, durationMs } from '../parsing/duration.js';

/** One key of `~/.scaivault/config.json`. */
export interface ConfigKey {
  readonly name: string;
  readonly description: string;
  /** The environment variable that overrides the file. */
  readonly env: string;
  readonly default?: string;
  /** Values never printed in full (tokens, client secrets). */
  readonly secret?: boolean;
  /** What the validator lets through, for error messages: "expected <accepts>". */
  readonly accepts: string;
  readonly validator: (value: unknown, state?: t.ValidationState) => boolean;
}

const isHttpUrl = t.makeValidator<unknown, string>({
  test: (value): value is string => {
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    return Boolean(url && (url.protocol === 'http:' || url.protocol === 'https:'));
  },
});

const isNonEmpty = t.cascade(t.isString(), [t.hasMinLength(1), t.matchesRegExp(/^\S+$/)]);
// The same grammar as every duration flag, so `timeout` takes 1h30m as readily as --timeout does.
const isDuration = t.makeValidator<unknown, string>({
  test: (value): value is string => typeof value === 'string' && durationMs(value) !== undefined,
});
const URL_FORM = 'an http(s) URL';
const WORD_FORM = 'a non-empty value without whitespace';

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    name: 'base_url',
    description: 'ScaiVault API base URL',
    env: 'SCAIVAULT_URL',
    default: 'https://scaivault.scailabs.ai',
    accepts: URL_FORM,
    validator: isHttpUrl,
  },
  {
    name: 'token',
    description: 'bearer token (skt_… or a JWT)',
    env: 'SCAIVAULT_TOKEN',
    secret: true,
    accepts: WORD_FORM,
    validator: isNonEmpty,
  },
  { name: 'client_id', description: 'client-credentials client id', env: 'SCAIVAULT_CLIENT_ID', accepts: WORD_FORM, validator: isNonEmpty },
  {
    name: 'client_secret',
    description: 'client-credentials client secret',
    env: 'SCAIVAULT_CLIENT_SECRET',
    secret: true,
    accepts: WORD_FORM,
    validator: isNonEmpty,
  },
  {
    name: 'token_url',
    description: 'token endpoint for the client-credentials exchange',
    env: 'SCAIVAULT_TOKEN_URL',
    default: 'https://scaikey.scailabs.ai/oauth/token',
    accepts: URL_FORM,
    validator: isHttpUrl,
  },
  {
    name: 'scaikey_url',
    description: 'ScaiKey origin, for scaikey register and status',
    env: 'SCAIVAULT_SCAIKEY_URL',
    default: 'https://scaikey.scailabs.ai',
    accepts: URL_FORM,
    validator: isHttpUrl,
  },
  {
    name: 'tenant_id',
    description: 'tenant context for partner admins',
    env: 'SCAIVAULT_TENANT_ID',
    accepts: WORD_FORM,
    validator: isNonEmpty,
  },
  {
    name: 'partner_id',
    description: 'partner context for partner admins',
    env: 'SCAIVAULT_PARTNER_ID',
    accepts: WORD_FORM,
    validator: isNonEmpty,
  },
  {
    name: 'output',
    description: 'default output format: table or json',
    env: 'SCAIVAULT_OUTPUT',
    default: 'table',
    accepts: 'table or json',
    validator: t.isEnum(['table', 'json']),
  },
  {
    name: 'timeout',
    description: 'request timeout, a duration such as 30s, 2m or 1m30s',
    env: 'SCAIVAULT_TIMEOUT',
    default: '30s',
    accepts: `a duration: ${DURATION_FORMS}`,
    validator: isDuration,
  },
];

const BY_NAME = new Map(CONFIG_KEYS.map((key) => [key.name, key]));

export function findConfigKey(name: string): ConfigKey | undefined {
  return BY_NAME.get(name);
}

/** The key called `name`; an unknown one is exit 5 listing the known keys. */
export function requireConfigKey(name: string): ConfigKey {
  const key = findConfigKey(name);
  if (!key) throw new UsageError(`unknown config key ${JSON.stringify(name)}`, `known keys: ${CONFIG_KEYS.map((k) => k.name).join(', ')}`);
  return key;
}

/**
 * Returns why `value` is not acceptable for `key` ("expected …, got …"), or undefined when it is.
 * A secret key's value is never repeated back.
 */
export function checkConfigValue(key: ConfigKey, value: unknown): string | undefined {
  if (key.validator(value)) return undefined;
  return key.secret ? `expected ${key.accepts}` : `expected ${key.accepts}, got ${JSON.stringify(value)}`;
}
