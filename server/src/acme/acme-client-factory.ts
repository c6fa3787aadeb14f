import { Agent, get as httpsGet } from 'node:https';
import type { Client } from 'acme-client';
import type * as AcmeClientModule from 'acme-client';

/** acme-client's module (with its axios and node-forge) is loaded on first use, not at server start. */
export type AcmeModule = typeof AcmeClientModule;
let loaded: Promise<AcmeModule> | undefined;
export function loadAcme(): Promise<AcmeModule> {
  // A CommonJS module: its exports arrive as `default` under ESM.
  loaded ??= import('acme-client').then((module) => ((module as unknown as { default?: AcmeModule }).default ?? module) as AcmeModule);
  return loaded;
}

export interface AcmeClientOptions {
  directoryUrl: string;
  accountKeyPem: string;
  accountUrl?: string;
  externalAccountBinding?: { kid: string; hmacKey: string };
  /** PEM of the CAs to trust for this directory's HTTPS; undefined: the system's trust store. */
  caBundle?: string | null;
  /** Delay between status polls of the CA. */
  pollMs: number;
}

/**
 * An acme-client Client whose HTTPS trusts exactly `caBundle` when one is given. acme-client sends
 * every request of a client through its `http.request(url, method, opts)` with axios options, so an
 * `httpsAgent` added there applies to this client only (the library's shared axios instance stays as it is).
 * Verification is never turned off.
 */
export async function makeAcmeClient(options: AcmeClientOptions): Promise<Client> {
  const acme = await loadAcme();
  const client = new acme.Client({
    directoryUrl: options.directoryUrl,
    accountKey: options.accountKeyPem,
    ...(options.accountUrl ? { accountUrl: options.accountUrl } : {}),
    ...(options.externalAccountBinding ? { externalAccountBinding: options.externalAccountBinding } : {}),
    backoffAttempts: 30,
    backoffMin: options.pollMs,
    backoffMax: Math.max(options.pollMs, 10_000),
  });
  if (options.caBundle) {
    const agent = new Agent({ ca: options.caBundle, keepAlive: true });
    const http = (
      client as unknown as { http: { request: (url: string, method: string, opts?: Record<string, unknown>) => Promise<unknown> } }
    ).http;
    const request = http.request.bind(http);
    http.request = (url, method, opts = {}) => request(url, method, { ...opts, httpsAgent: agent });
  }
  return client;
}

/** The CA could not be reached, or its HTTPS certificate is not trusted: nothing was sent to it. */
export class CaUnreachable extends Error {
  override readonly name = 'CaUnreachable';
}

/**
 * Fetches the directory once with the same trust the client will use. acme-client turns a network or
 * TLS failure into an unrelated TypeError (its retry interceptor expects a response), so this probe
 * is what tells "the CA could not be reached" from "the CA said no".
 */
export function probeDirectory(directoryUrl: string, caBundle: string | null | undefined, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(directoryUrl, { ...(caBundle ? { ca: caBundle } : {}), timeout: timeoutMs }, (response) => {
      response.resume();
      if (response.statusCode === 200) resolve();
      else reject(new CaUnreachable(`the directory ${directoryUrl} answered HTTP ${response.statusCode}`));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error) => reject(new CaUnreachable(`${directoryUrl}: ${error.message}`)));
  });
}
