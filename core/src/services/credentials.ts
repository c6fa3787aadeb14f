import { NotAuthenticatedError } from '../errors/cli-error.js';
import type { ConfigStore } from '../config/config-store.js';

export type AuthMaterial =
  { kind: 'token'; token: string } | { kind: 'client_credentials'; clientId: string; clientSecret: string; tokenUrl: string };

/** What the client authenticates with, resolved from flags, environment and the config file. */
export class Credentials {
  constructor(private readonly config: ConfigStore) {}

  /** The configured credentials; throws exit 2 with the fix when there are none. */
  require(): AuthMaterial {
    const material = this.current();
    if (!material) throw new NotAuthenticatedError('not authenticated: no token configured');
    return material;
  }

  current(): AuthMaterial | undefined {
    const token = this.config.value('token');
    if (token) return { kind: 'token', token };
    const clientId = this.config.value('client_id');
    const clientSecret = this.config.value('client_secret');
    if (clientId && clientSecret) {
      return { kind: 'client_credentials', clientId, clientSecret, tokenUrl: this.config.value('token_url')! };
    }
    return undefined;
  }

  saveToken(token: string): void {
    this.config.set('token', token);
    this.config.unset('client_id');
    this.config.unset('client_secret');
  }

  saveClientCredentials(clientId: string, clientSecret: string): void {
    this.config.set('client_id', clientId);
    this.config.set('client_secret', clientSecret);
    this.config.unset('token');
  }

  /**
   * Removes every stored credential, including the copies interrupted writes left in temp files
   * next to the config file; returns whether anything was stored.
   */
  clear(): boolean {
    const unset = [this.config.unset('token'), this.config.unset('client_id'), this.config.unset('client_secret')];
    const leftovers = this.config.removeLeftoverTempFiles();
    return unset.some(Boolean) || leftovers > 0;
  }
}
