import { defineArea } from '../modules/area-module.js';
import { Authenticator } from './authenticator.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { ScaiKeyTokenVerifier } from './scaikey-token-verifier.js';

export interface AuthService {
  authenticator: Authenticator;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    auth: AuthService;
  }
}

/** Who a bearer token is: the root token, personal tokens, API keys and trusted ScaiKey JWTs; whoami, introspect, `/oauth/token`. */
export const authArea = defineArea({
  name: 'auth',
  dependsOn: ['personal-tokens', 'service-accounts', 'policies'],
  migrations: [],
  create: ({ 'personal-tokens': personalTokens, 'service-accounts': serviceAccounts }, { settings, clock, log }) => ({
    authenticator: new Authenticator(
      settings.rootToken,
      personalTokens,
      serviceAccounts,
      clock,
      settings.scaikey ? new ScaiKeyTokenVerifier(settings.scaikey, clock, log) : undefined,
    ),
  }),
  routes: (app, service, deps, core) => {
    registerAuthRoutes(app, service, deps, core);
    registerOAuthRoutes(app, service, deps, core);
  },
});
