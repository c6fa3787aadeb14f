// client.auth: who the token is, checking other tokens, and exchanging workload tokens.
// Routes: 00-client-auth-errors-system.md §2.1–2.3; docs/api-decisions.md "Client credentials and token exchange".
import { omitUndefined } from '../omit-undefined.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isWhoami = s.object({
  identity_id: s.string,
  identity_type: s.string,
  display_name: s.optional(s.string),
  tenant_id: s.optional(s.string),
  partner_id: s.optional(s.string),
  scopes: s.optional(s.stringArray),
  groups: s.optional(s.stringArray),
  roles: s.optional(s.stringArray),
  mfa_verified_at: s.optional(s.string),
  token_expires_at: s.optional(s.string),
});
export type Whoami = s.ShapeOf<typeof isWhoami>;

const isIntrospection = s.object({
  active: s.boolean,
  identity_id: s.optional(s.string),
  identity_type: s.optional(s.string),
  tenant_id: s.optional(s.string),
  scopes: s.optional(s.stringArray),
  expires_at: s.optional(s.string),
  issued_at: s.optional(s.string),
});
export type TokenIntrospection = s.ShapeOf<typeof isIntrospection>;

const isExchangedToken = s.object({
  access_token: s.string,
  token_type: s.optional(s.string),
  expires_in: s.optional(s.number),
  identity_id: s.optional(s.string),
  scopes: s.optional(s.stringArray),
});
export type ExchangedToken = s.ShapeOf<typeof isExchangedToken>;

const isPersonalToken = s.object({
  id: s.string,
  identity_id: s.string,
  display_name: s.optional(s.string),
  token_prefix: s.optional(s.string),
  scopes: s.optional(s.stringArray),
  groups: s.optional(s.stringArray),
  mfa_verified: s.optional(s.boolean),
  created_at: s.optional(s.string),
  expires_at: s.optional(s.string),
  revoked_at: s.optional(s.string),
});
export type PersonalToken = s.ShapeOf<typeof isPersonalToken>;
const isPersonalTokenList = s.plainList('tokens', isPersonalToken);
export type PersonalTokenList = s.ShapeOf<typeof isPersonalTokenList>;

/** A token just minted: `token` is the secret, returned this once. */
const isCreatedPersonalToken = s.object({ ...isPersonalToken.properties, token: s.string });
export type CreatedPersonalToken = s.ShapeOf<typeof isCreatedPersonalToken>;

export interface PersonalTokenInput {
  /** `user:…` or `sa:…`. */
  identity_id: string;
  scopes: string[];
  groups?: string[];
  display_name?: string;
  mfa_verified?: boolean;
  /** Lifetime, e.g. `90d`. */
  expires_in?: string;
}

export interface TokenExchangeInput {
  /** The foreign workload token (Kubernetes service-account token, GitHub OIDC token, ...). */
  subject_token: string;
  subject_token_type?: string;
  audience?: string;
  /** The ScaiKey identity to act as, e.g. `sa:github-deployer`. */
  role?: string;
  scopes?: string[];
}

export class AuthNamespace {
  constructor(private readonly http: Transport) {}

  /** The identity the client's token resolves to. */
  whoami(options: CallOptions = {}): Promise<Whoami> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/auth/whoami' }, isWhoami);
  }

  /** Checks another token (needs `admin` scope); `active: false` when it is invalid or expired. */
  introspect(token: string, options: CallOptions = {}): Promise<TokenIntrospection> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/auth/introspect', body: { token } }, isIntrospection);
  }

  /** Mints a personal access token (`skt_…`; needs `admin`). The vendor does this in its admin UI; the local server over HTTP. */
  createToken(request: PersonalTokenInput, options: CallOptions = {}): Promise<CreatedPersonalToken> {
    return this.http.json(
      { ...options, method: 'POST', path: '/v1/auth/tokens', body: omitUndefined({ ...request }) },
      isCreatedPersonalToken,
    );
  }

  listTokens(options: CallOptions = {}): Promise<PersonalTokenList> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/auth/tokens' }, isPersonalTokenList);
  }

  /** Revokes a personal token; it then answers `token_revoked`. */
  revokeToken(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: `/v1/auth/tokens/${encodeSegment(id)}` });
  }

  /** Swaps a workload token for a ScaiVault token. Sends no Authorization: the subject token is the credential. */
  exchange(request: TokenExchangeInput, options: CallOptions = {}): Promise<ExchangedToken> {
    const body = omitUndefined({ ...request });
    return this.http.json({ ...options, method: 'POST', path: '/v1/auth/exchange', body, authenticate: false }, isExchangedToken);
  }
}
