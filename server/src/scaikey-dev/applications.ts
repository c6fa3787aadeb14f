import { digestsEqual, hashToken } from '../crypto/token-hash.js';
import { newId, newSecretToken } from '../shared/ids.js';
import type { AppScope } from './registrations.js';

export interface Application {
  app_id: string;
  client_id: string;
  name: string;
  app_scope: AppScope;
  tenant_id: string | null;
  partner_id: string | null;
  /** The scopes a token may carry; a token request may ask for fewer. */
  scopes: string[];
  secretDigest: Buffer;
}

/** OAuth clients of the dev ScaiKey: client ids with their secret's digest, never the secret. */
export class Applications {
  private readonly byClientId = new Map<string, Application>();

  create(input: Omit<Application, 'app_id' | 'client_id' | 'secretDigest'>): { app: Application; clientSecret: string } {
    const clientSecret = newSecretToken('sks');
    const app: Application = { ...input, app_id: newId('app'), client_id: newId('cli'), secretDigest: hashToken(clientSecret) };
    this.byClientId.set(app.client_id, app);
    return { app, clientSecret };
  }

  /** The client when `secret` is its secret (compared as digests in constant time). */
  authenticate(clientId: string, secret: string): Application | undefined {
    const app = this.byClientId.get(clientId);
    if (!app || !digestsEqual(app.secretDigest, hashToken(secret))) return undefined;
    return app;
  }
}
