import type { Clock } from '../shared/time.js';
import { DEFAULT_PARTNER_ID, KNOWN_SCOPES, type Identity } from '../shared/identity.js';
import { JwksCache } from './jwks-cache.js';
import type { TokenCheck } from './authenticator.js';
import type { ScaiKeyTrust } from '../modules/server-settings.js';
import type * as JoseModule from 'jose';

const KNOWN = new Set<string>(KNOWN_SCOPES);
/** A compact JWS: three base64url parts, a JSON header first. */
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
}

/**
 * Accepts ScaiKey access tokens: RS256/ES256 signatures checked against the issuer's JWKS, and
 * `iss`, `aud`, `exp` and `nbf` checked against this server's clock (no leeway). The identity is
 * `sa:<client_id>` for a client-credentials token and `user:<email>` for a user's, in the
 * token's tenant, with the token's scopes. jose loads on the first JWT, never at start-up.
 */
export class ScaiKeyTokenVerifier {
  private cache: Promise<{ jose: typeof JoseModule; jwks: JwksCache }> | undefined;

  constructor(
    private readonly trust: ScaiKeyTrust,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  async check(token: string): Promise<TokenCheck> {
    const { jose, jwks } = await (this.cache ??= import('jose').then((jose) => ({
      jose,
      jwks: new JwksCache(jose, this.trust.issuer, this.trust.jwksUrl, this.clock, this.trust.jwksRefreshCooldownMs),
    })));
    const options = {
      issuer: this.trust.issuer,
      audience: this.trust.audience,
      algorithms: ['RS256', 'ES256'],
      currentDate: new Date(this.clock()),
      requiredClaims: ['exp', 'iat'],
    };
    let payload: Record<string, unknown>;
    try {
      try {
        payload = (await jose.jwtVerify(token, await jwks.keySet(), options)).payload;
      } catch (error) {
        // A key this server has not seen: the issuer may have rotated; ask it once more.
        if (!(error instanceof jose.errors.JWKSNoMatchingKey)) throw error;
        payload = (await jose.jwtVerify(token, await jwks.keySet(true), options)).payload;
      }
    } catch (error) {
      if (error instanceof jose.errors.JWTExpired) return { active: false, code: 'token_expired' };
      if (!(error instanceof jose.errors.JOSEError)) this.log(`scaikey token check: ${(error as Error).message}`);
      return { active: false, code: 'token_invalid' };
    }
    const identity = identityOf(payload);
    return identity ? { active: true, identity } : { active: false, code: 'token_invalid' };
  }
}

function identityOf(claims: Record<string, unknown>): Identity | undefined {
  const tenantId = typeof claims.tenant_id === 'string' ? claims.tenant_id : undefined;
  const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  // Without a tenant there is nothing for the token to act in; a platform token is not for ScaiVault.
  if (!tenantId || !/^[A-Za-z0-9_-]{1,64}$/.test(tenantId) || !subject) return undefined;
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : undefined;
  const isClient = claims.token_type === 'client_credentials' || (email === undefined && clientId !== undefined);
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((scope) => KNOWN.has(scope)) : [];
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  return {
    id: isClient ? `sa:${clientId ?? subject}` : `user:${email ?? subject}`,
    type: isClient ? 'service_account' : 'user',
    displayName: typeof claims.name === 'string' ? claims.name : (email ?? clientId ?? subject),
    tenantId,
    partnerId: typeof claims.partner_id === 'string' ? claims.partner_id : DEFAULT_PARTNER_ID,
    scopes,
    groups: [],
    roles: typeof claims.role === 'string' ? [claims.role] : [],
    isRoot: false,
    mfaVerified: amr.includes('mfa') || claims.mfa_verified === true,
    issuedAt: typeof claims.iat === 'number' ? claims.iat * 1000 : null,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
  };
}
