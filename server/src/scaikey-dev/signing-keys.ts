import type { JWK, CryptoKey } from 'jose';
import type * as JoseModule from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The dev ScaiKey's token signing keys: one current RS256 key and the ones it replaced, all
 * published in the JWKS until retired, as a real provider rotates keys (new tokens are signed
 * with the new key while tokens signed with the old one stay verifiable).
 */
export class SigningKeyRing {
  private keys: SigningKey[] = [];
  private counter = 0;

  private constructor(private readonly jose: typeof JoseModule) {}

  static async create(): Promise<SigningKeyRing> {
    const ring = new SigningKeyRing(await import('jose'));
    await ring.rotate();
    return ring;
  }

  /** Makes a new current key; with `retireOld`, the previous keys leave the JWKS at once. */
  async rotate(retireOld = false): Promise<string> {
    const { privateKey, publicKey } = await this.jose.generateKeyPair('RS256', { extractable: true });
    const kid = `key-${++this.counter}-${Date.now().toString(36)}`;
    const publicJwk = { ...(await this.jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    if (retireOld) this.keys = [];
    this.keys.unshift({ kid, privateKey, publicJwk });
    return kid;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((key) => key.publicJwk) };
  }

  /** Signs `claims` with the current key (`kid` in the header, so verifiers pick the right key). */
  async sign(claims: Record<string, unknown>, expiresAtSeconds: number, issuedAtSeconds: number): Promise<string> {
    const current = this.keys[0]!;
    // `nbf` defaults to the issue time; claims may name another (tests of not-yet-valid tokens do).
    return new this.jose.SignJWT({ nbf: issuedAtSeconds, ...claims, iat: issuedAtSeconds, exp: expiresAtSeconds })
      .setProtectedHeader({ alg: 'RS256', kid: current.kid, typ: 'JWT' })
      .sign(current.privateKey);
  }

  /** Checks a token this provider issued (its own identity API is called with them). */
  async verify(token: string, issuer: string, nowMs: number): Promise<Record<string, unknown>> {
    const keySet = this.jose.createLocalJWKSet(this.jwks());
    const { payload } = await this.jose.jwtVerify(token, keySet, { issuer, currentDate: new Date(nowMs), algorithms: ['RS256'] });
    return payload as Record<string, unknown>;
  }
}
