import type { ScaiVaultClient } from '@scaivault/sdk';
import type { ConfigStore, Env } from '../config/config-store.js';
import type { FileSystem } from '../fs/file-system.js';
import type { Output } from '../output/output.js';
import type { Credentials } from '../services/credentials.js';
import type { Prompt } from '../services/prompt.js';
import type { PluginHost } from '../runtime/plugin-host.js';
import type { Waits } from '../services/waits.js';

/** A DI token that remembers the type it resolves to. */
export type Token<T> = symbol & { readonly __resolves?: T };

function token<T>(name: string): Token<T> {
  // Symbol.for: the same token however a module is reached.
  return Symbol.for(`scaivault.${name}`) as Token<T>;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The signals sent to this process (Ctrl-C, `kill`, a supervisor stopping it). Tests and embedders
 * inject their own, so a command that forwards signals can be driven without signalling the test.
 */
export interface ProcessSignals {
  /** Calls `onSignal` for each of `names` that arrives, until the returned function is called. */
  listen(names: readonly NodeJS.Signals[], onSignal: (name: NodeJS.Signals) => void): () => void;
}

/** Settings that replace the configured ones for one client, e.g. a token being checked by `auth login`. */
export interface ApiClientOverrides {
  baseUrl?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  /** With clientId/clientSecret: the token endpoint to exchange them at, instead of the configured `token_url`. */
  tokenUrl?: string;
  /** No credentials at all (calls to unauthenticated endpoints, such as ScaiKey's public registration API). */
  anonymous?: boolean;
}

/**
 * Creates the API client on first use, so commands that make no request never load the SDK.
 * With overrides it builds a separate, uncached client.
 */
export type ApiClientFactory = (overrides?: ApiClientOverrides) => Promise<ScaiVaultClient>;

/** The services core registers in every invocation's container. */
export const Tokens = {
  Config: token<ConfigStore>('Config'),
  Env: token<Env>('Env'),
  FileSystem: token<FileSystem>('FileSystem'),
  Credentials: token<Credentials>('Credentials'),
  ApiClient: token<ApiClientFactory>('ApiClient'),
  Output: token<Output>('Output'),
  Clock: token<Clock>('Clock'),
  Prompt: token<Prompt>('Prompt'),
  /** The process's signals, for commands that pass them on to a program they run. */
  Signals: token<ProcessSignals>('Signals'),
  /** The plugin index and where plugins live; used by the `plugins` commands. */
  PluginHost: token<PluginHost>('PluginHost'),
  /** Progress, Ctrl-C and polling for every command that waits. */
  Waits: token<Waits>('Waits'),
} as const;
