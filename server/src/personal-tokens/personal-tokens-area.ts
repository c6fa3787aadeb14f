import { defineArea } from '../modules/area-module.js';
import { PersonalTokens } from './personal-tokens.js';
import { PERSONAL_TOKENS_MIGRATIONS } from './personal-tokens-migrations.js';

declare module '../modules/area-module.js' {
  interface AreaServices {
    'personal-tokens': PersonalTokens;
  }
}

/** Personal `skt_` tokens and the access tokens client credentials mint; their routes are the auth area's. */
export const personalTokensArea = defineArea({
  name: 'personal-tokens',
  dependsOn: [],
  migrations: PERSONAL_TOKENS_MIGRATIONS,
  create: (_deps, { store, clock }) => new PersonalTokens(store, clock),
});
