import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { newSecretToken } from '../shared/ids.js';
import { DevScaiKey } from './dev-scaikey.js';
import { registerDevScaiKeyRoutes } from './dev-scaikey-routes.js';
import type { IssuedCredentials } from './registrations.js';

export interface StartDevScaiKeyOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** The `aud` of every token: the ScaiVault that trusts them. Default `scaivault`. */
  audience?: string;
  /** Approve every registration as it arrives (the credentials still wait for their one pickup). Default false. */
  autoApprove?: boolean;
  /** The admin API's bearer token; default a random one. */
  adminToken?: string;
  logger?: (line: string) => void;
  clock?: () => number;
  /**
   * The origin clients reach the provider at, when not the one it listens on (behind a proxy): the
   * token endpoints it hands out point there. The issuer stays the listening origin.
   */
  publicUrl?: string;
}

export interface RunningDevScaiKey {
  /** The provider's origin, also its token issuer (`iss`). */
  url: string;
  issuer: string;
  audience: string;
  tokenUrl: string;
  adminToken: string;
  /** The provider itself: directory, registrations, keys, webhooks (for tests and `scaivault dev`). */
  scaikey: DevScaiKey;
  /** A client with `identity:read`, for the ScaiVault that syncs from this provider. */
  createSyncClient(): IssuedCredentials;
  /** Signs changes to `url` with `secret` from now on. */
  addWebhook(url: string, secret: string): void;
  close(): Promise<void>;
}

/**
 * Starts a ScaiKey-compatible identity provider for development and tests: registration with an
 * approval step, client-credentials tokens (RS256 JWTs, JWKS, OIDC discovery), identity listing
 * and signed change webhooks. Everything is kept in memory. Not a production identity provider.
 */
export async function startDevScaiKey(options: StartDevScaiKeyOptions = {}): Promise<RunningDevScaiKey> {
  const log = options.logger ?? (() => undefined);
  const clock = options.clock ?? Date.now;
  const audience = options.audience ?? 'scaivault';
  const adminToken = options.adminToken ?? newSecretToken('ska');
  const scaikey = await DevScaiKey.create({ audience, clock, autoApprove: options.autoApprove ?? false, log });
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  // The path alone: a status token travels in the query string and must not reach the log.
  app.addHook('onResponse', async (request, reply) => log(`scaikey ${request.method} ${request.url.split('?')[0]} ${reply.statusCode}`));
  registerDevScaiKeyRoutes(app, scaikey, adminToken);
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  scaikey.issuer = url;
  scaikey.publicUrl = options.publicUrl?.replace(/\/+$/, '') ?? url;
  return {
    url,
    issuer: url,
    audience,
    tokenUrl: scaikey.tokenUrl,
    adminToken,
    scaikey,
    createSyncClient: () => scaikey.createClient({ name: 'ScaiVault identity sync', scopes: ['identity:read'] }),
    addWebhook: (target, secret) => scaikey.webhooks.targets.push({ url: target, secret }),
    close: async () => {
      await scaikey.webhooks.settled();
      await app.close();
    },
  };
}
