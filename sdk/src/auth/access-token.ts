// Where the bearer token comes from: a fixed token, or a client-credentials grant that is cached
// and renewed before it expires.
import { AuthenticationError, ScaiVaultError } from '../errors.js';

export interface AccessTokenSource {
  /** True when a rejected token can be replaced by asking again (client credentials). */
  readonly refreshable: boolean;
  /** The token to send, or undefined when the client has none (health checks, token exchange). */
  token(): Promise<string | undefined>;
  /** Forget the cached token; the next `token()` fetches a new one. */
  invalidate(): void;
}

export class StaticToken implements AccessTokenSource {
  readonly refreshable = false;

  constructor(private readonly value: string | undefined) {}

  async token(): Promise<string | undefined> {
    return this.value;
  }

  invalidate(): void {}
}

export interface ClientCredentialsGrant {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes; omitted → the application's full allowed set. */
  scope: string | undefined;
}

export interface GrantedToken {
  access_token: string;
  expires_in?: number | null | undefined;
}

/** Posts the form to the token URL and returns the decoded answer. */
export type TokenRequester = (tokenUrl: string, form: Record<string, string>) => Promise<GrantedToken>;

// Renew this long before expiry: at least a minute, or a tenth of the lifetime, but never more
// than half of it (a very short-lived token would otherwise be renewed on every call).
function renewalMargin(lifetimeMs: number): number {
  return Math.min(Math.max(60_000, lifetimeMs / 10), lifetimeMs / 2);
}

export class ClientCredentialsToken implements AccessTokenSource {
  readonly refreshable = true;
  private cached: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly grant: ClientCredentialsGrant,
    private readonly request: TokenRequester,
    private readonly now: () => number,
  ) {}

  async token(): Promise<string> {
    if (this.cached !== undefined && this.now() < this.cached.renewAt) return this.cached.value;
    // Concurrent calls share one exchange instead of each asking for a token.
    this.pending ??= this.exchange().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async exchange(): Promise<string> {
    const form: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: this.grant.clientId,
      client_secret: this.grant.clientSecret,
    };
    if (this.grant.scope !== undefined) form['scope'] = this.grant.scope;
    const issuedAt = this.now();
    let granted: GrantedToken;
    try {
      granted = await this.request(this.grant.tokenUrl, form);
    } catch (error) {
      // Any refusal by the token endpoint means the client credentials do not work.
      if (error instanceof ScaiVaultError && error.status !== undefined && !(error instanceof AuthenticationError)) {
        throw new AuthenticationError({
          status: error.status,
          code: error.code,
          message: `client-credentials exchange at ${this.grant.tokenUrl} failed: ${error.message}`,
          details: error.details,
          requestId: error.requestId,
          cause: error,
        });
      }
      throw error;
    }
    const lifetimeMs = typeof granted.expires_in === 'number' ? granted.expires_in * 1000 : undefined;
    const renewAt = lifetimeMs === undefined ? Number.POSITIVE_INFINITY : issuedAt + lifetimeMs - renewalMargin(lifetimeMs);
    this.cached = { value: granted.access_token, renewAt };
    return granted.access_token;
  }
}
