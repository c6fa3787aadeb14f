import { digestsEqual, hashToken } from '../crypto/token-hash.js';
import { unauthorized } from '../http/api-error.js';
import type { Clock } from '../shared/time.js';
import type { ServiceAccounts } from '../service-accounts/service-accounts.js';
import { rootIdentity, type Identity } from '../shared/identity.js';
import type { PersonalTokens } from '../personal-tokens/personal-tokens.js';
import { looksLikeJwt, type ScaiKeyTokenVerifier } from './scaikey-token-verifier.js';

export type TokenCheck =
  { active: true; identity: Identity } | { active: false; code: 'token_invalid' | 'token_expired' | 'token_revoked' };

/**
 * Turns a bearer token into an identity: the root token, a personal token or a service-account
 * API key — or, when a ScaiKey issuer is trusted, a JWT access token it signed. Every comparison
 * of an opaque token is between SHA-256 digests with `timingSafeEqual`.
 */
export class Authenticator {
  private readonly rootDigest: Buffer;

  constructor(
    rootToken: string,
    private readonly personalTokens: PersonalTokens,
    private readonly serviceAccounts: ServiceAccounts,
    private readonly clock: Clock,
    private readonly scaikeyTokens?: ScaiKeyTokenVerifier,
  ) {
    this.rootDigest = hashToken(rootToken);
  }

  /** For the `Authorization` header of a request: a missing or malformed header is `authentication_required`. */
  async authenticate(header: string | undefined): Promise<Identity> {
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('authentication_required', 'Authentication required: send Authorization: Bearer <token>');
    const check = await this.check(match[1]!);
    if (check.active) return check.identity;
    const messages = {
      token_invalid: 'The token is not valid on this server',
      token_expired: 'The token has expired',
      token_revoked: 'The token has been revoked',
    } as const;
    throw unauthorized(check.code, messages[check.code]);
  }

  async check(token: string): Promise<TokenCheck> {
    // This server's own tokens are never JWTs (`skt_…`), so the shape decides which check applies.
    if (this.scaikeyTokens && looksLikeJwt(token)) return this.scaikeyTokens.check(token);
    const digest = hashToken(token);
    if (digestsEqual(digest, this.rootDigest)) return { active: true, identity: rootIdentity() };
    const personal = await this.personalTokens.findByHash(digest);
    const apiKey = personal ? undefined : await this.serviceAccounts.findByHash(digest);
    const found = apiKey ?? personal;
    // The lookup is by digest; compare again in constant time so equality never short-circuits on content.
    if (!found || !digestsEqual(found.row.token_hash, digest)) return { active: false, code: 'token_invalid' };
    if (found.row.revoked_at !== null) return { active: false, code: 'token_revoked' };
    // A client-credentials access token ends with its key: checked on every use, so revoking the
    // key or deleting the account takes effect at once, not when the token's hour runs out.
    const sourceKey = 'api_key_id' in found.row ? found.row.api_key_id : null;
    if (sourceKey && !(await this.serviceAccounts.keyIsLive(sourceKey))) return { active: false, code: 'token_revoked' };
    if (found.row.expires_at !== null && found.row.expires_at <= this.clock()) return { active: false, code: 'token_expired' };
    if (apiKey) await this.serviceAccounts.noteKeyUse(apiKey.row.id, apiKey.row.last_used_at);
    return { active: true, identity: found.identity };
  }
}
