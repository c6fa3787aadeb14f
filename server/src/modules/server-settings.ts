/**
 * Which webhook targets the server may send to: `public` addresses only (the default), also
 * `loopback` (what `scaivault dev` and the server binary allow when they listen on loopback, so
 * a receiver on the same machine works), or also `private` ranges. Link-local, multicast and
 * reserved addresses are refused under every setting.
 */
export type WebhookTargetPolicy = 'public' | 'loopback' | 'private';
export const WEBHOOK_TARGET_POLICIES: readonly WebhookTargetPolicy[] = ['public', 'loopback', 'private'];

/** Where this server's trust in a ScaiKey issuer is configured. */
export interface ScaiKeyTrust {
  /** The `iss` every accepted token must carry, and where its discovery document is. */
  issuer: string;
  /** The `aud` every accepted token must carry (default `scaivault`). */
  audience: string;
  /** Default: `jwks_uri` of the issuer's discovery document. */
  jwksUrl?: string | undefined;
  /** The least time between two JWKS fetches caused by an unknown key id. */
  jwksRefreshCooldownMs: number;
}

/** The ScaiKey this server trusts tokens from and keeps its identity cache in step with. */
export interface ScaiKeySettings extends ScaiKeyTrust {
  /** Origin of ScaiKey's API (identity listing, token endpoint); default the issuer. */
  url: string;
  /** A ScaiKey client with `identity:read`, used by identity sync; without it sync is refused. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** The shared secret of ScaiKey's change webhooks; without it the receiver refuses every call. */
  webhookSecret?: string | undefined;
}

/** Resolves a host name to every address it has (the default asks the system resolver). */
export type HostResolver = (hostname: string) => Promise<string[]>;

/** The server's options as the areas see them, resolved to their defaults by startServer. */
export interface ServerSettings {
  rootToken: string;
  dataDir: string | undefined;
  schedulerIntervalMs: number;
  webhookRetryDelaysMs: readonly number[];
  webhookTimeoutMs: number;
  webhookTargets: WebhookTargetPolicy;
  webhookResolver: HostResolver | undefined;
  enforceRateLimits: boolean;
  /** The origin clients reach this server at (`https://vault.example.com`); PKI certificates point their CRL and OCSP URLs here. */
  publicUrl: string;
  /** DNS hook name → absolute path of its executable, for `exec` DNS providers. */
  dnsExecHooks: Readonly<Record<string, string>>;
  /** Pause between an ACME order's checks (DNS propagation, the CA's status). */
  acmePollIntervalMs: number;
  /** ACME certificates renew this long before `not_after`. */
  acmeRenewWindowMs: number;
  /** Trust in a ScaiKey issuer and the identity sync from it; undefined: only this server's own tokens. */
  scaikey: ScaiKeySettings | undefined;
}
