// undici's package entry loads every feature it has (fetch, WebSocket, caches, cookies, mocks): about
// 100 ms before a CLI's first request on a small machine. The transport needs two of them — the
// keep-alive Agent and `request()` — so it loads just those modules. `request()` works on any
// Dispatcher, an injected one (e.g. a MockAgent) included.
import type { Dispatcher } from 'undici';

export interface LeanUndici {
  createAgent(options: { connectTimeoutMs: number; keepAliveTimeoutMs: number }): Dispatcher;
  request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
}

let loaded: Promise<LeanUndici> | undefined;

export function loadUndici(): Promise<LeanUndici> {
  return (loaded ??= Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]).then(
    ([{ default: Agent }, { default: request }]) => ({
      createAgent: ({ connectTimeoutMs, keepAliveTimeoutMs }) =>
        new Agent({ connect: { timeout: connectTimeoutMs }, keepAliveTimeout: keepAliveTimeoutMs }),
      request: (dispatcher, options) => request.call(dispatcher, options),
    }),
  ));
}
