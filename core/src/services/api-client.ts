import type { ScaiVaultClient } from '@scaivault/sdk';
import type { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ConfigStore, Env } from '../config/config-store.js';
import type { ApiClientFactory, ApiClientOverrides } from '../di/tokens.js';
import type { Credentials } from './credentials.js';
import { isDebug } from './debug.js';
import { parseDurationMs } from '../parsing/duration.js';

type ScaiVaultClientOptions = ConstructorParameters<typeof ScaiVaultClient>[0];

export interface ApiClientDeps {
  config: ConfigStore;
  credentials: Credentials;
  env: Env;
  stderr: Writable;
  userAgent: string;
  /** Tests and embedders inject a dispatcher (e.g. undici MockAgent). */
  dispatcher?: Dispatcher | undefined;
}

/**
 * The client is built on first use and then reused, so a command that never calls the API never
 * imports the SDK (or undici). With SCAIVAULT_DEBUG=1 every exchange is traced on stderr through
 * the SDK's hooks, which already mask the Authorization header and secret values.
 */
export function apiClientFactory(deps: ApiClientDeps): ApiClientFactory & { closeAll(): Promise<void> } {
  let client: Promise<ScaiVaultClient> | undefined;
  const created: Array<Promise<ScaiVaultClient>> = [];
  const track = (pending: Promise<ScaiVaultClient>) => (created.push(pending), pending);
  const factory = (overrides?: ApiClientOverrides) =>
    overrides ? track(createClient(deps, overrides)) : (client ??= track(createClient(deps, {})));
  // Open keep-alive connections would hold the process for a while after the command is done.
  const closeAll = async () => {
    const clients = await Promise.allSettled(created.splice(0));
    await Promise.allSettled(clients.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])));
  };
  return Object.assign(factory, { closeAll });
}

async function createClient(deps: ApiClientDeps, overrides: ApiClientOverrides): Promise<ScaiVaultClient> {
  const auth = overrides.anonymous
    ? ({ kind: 'token', token: undefined } as const)
    : overrides.token
      ? ({ kind: 'token', token: overrides.token } as const)
      : overrides.clientId && overrides.clientSecret
        ? ({
            kind: 'client_credentials',
            clientId: overrides.clientId,
            clientSecret: overrides.clientSecret,
            tokenUrl: overrides.tokenUrl ?? deps.config.value('token_url')!,
          } as const)
        : deps.credentials.require();
  const { ScaiVaultClient } = await import('@scaivault/sdk');
  const tenantId = deps.config.value('tenant_id');
  const partnerId = deps.config.value('partner_id');
  const options: ScaiVaultClientOptions = {
    baseUrl: overrides.baseUrl ?? deps.config.value('base_url')!,
    ...(auth.kind === 'token'
      ? { token: auth.token }
      : { clientId: auth.clientId, clientSecret: auth.clientSecret, tokenUrl: auth.tokenUrl }),
    ...(tenantId ? { tenantId } : {}),
    ...(partnerId ? { partnerId } : {}),
    timeout: parseDurationMs(deps.config.value('timeout')!, 'timeout'),
    userAgent: deps.userAgent,
    // A command makes one or two requests and exits: node:http needs nothing loaded first, where
    // undici's modules and HTTP parser cost more than the request. An injected dispatcher (fixture
    // replay, embedders) is used as given.
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : { httpClient: 'node-http' }),
    ...(isDebug(deps.env) ? { hooks: debugHooks(deps.stderr) } : {}),
  } as ScaiVaultClientOptions;
  return new ScaiVaultClient(options);
}

function debugHooks(stderr: Writable): NonNullable<ScaiVaultClientOptions['hooks']> {
  return {
    onRequest: (info) => {
      stderr.write(`debug: → ${info.method} ${info.url}\n`);
      for (const [name, value] of Object.entries(info.headers ?? {})) stderr.write(`debug:   ${name}: ${value}\n`);
      if (info.body !== undefined) stderr.write(`debug:   ${typeof info.body === 'string' ? info.body : JSON.stringify(info.body)}\n`);
    },
    onResponse: (info) => {
      const requestId = info.requestId ? ` request_id=${info.requestId}` : '';
      stderr.write(`debug: ← ${info.status} ${info.method} ${info.url} (${info.durationMs} ms)${requestId}\n`);
      if (info.body !== undefined) stderr.write(`debug:   ${typeof info.body === 'string' ? info.body : JSON.stringify(info.body)}\n`);
    },
  };
}
