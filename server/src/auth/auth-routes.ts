import type { FastifyInstance } from 'fastify';
import type { Core, DependenciesOf } from '../modules/area-module.js';
import type { AuthService } from './auth-area.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf } from '../http/request-context.js';
import { forbidden, notFound, validationError } from '../http/api-error.js';
import { parseDuration } from '../shared/durations.js';
import { iso } from '../shared/time.js';
import { KNOWN_SCOPES, ROOT_IDENTITY_ID } from '../shared/identity.js';

const DEFAULT_TOKEN_TTL = '90d';

export function registerAuthRoutes(
  app: FastifyInstance,
  { authenticator }: AuthService,
  deps: DependenciesOf<'personal-tokens' | 'service-accounts' | 'policies'>,
  { clock }: Core,
): void {
  const { 'personal-tokens': personalTokens, 'service-accounts': serviceAccounts } = deps;
  const { access, evaluator } = deps.policies;

  app.get('/v1/auth/whoami', { config: { rate: 'auth', action: 'auth_whoami' } }, async (request) => {
    const { identity, tenantId } = actorOf(request);
    // The groups that count in policy decisions: the token's, and those ScaiKey says the identity is in.
    const synced = await evaluator.groupsOf(tenantId, identity.id);
    return {
      identity_id: identity.id,
      identity_type: identity.type,
      display_name: identity.displayName,
      tenant_id: tenantId,
      partner_id: identity.partnerId,
      scopes: identity.scopes,
      groups: [...new Set([...identity.groups, ...synced])],
      roles: identity.roles,
      mfa_verified_at: identity.mfaVerified && identity.issuedAt !== null ? iso(identity.issuedAt) : null,
      token_expires_at: iso(identity.expiresAt),
    };
  });

  app.post('/v1/auth/introspect', { config: { rate: 'auth', action: 'auth_introspect' } }, async (request) => {
    access.requireScope(actorOf(request), 'admin');
    const fields = new BodyReader(request.body);
    const token = fields.requiredString('token', { max: 4096 });
    fields.finish();
    const check = await authenticator.check(token);
    if (!check.active) return { active: false };
    const { identity } = check;
    return {
      active: true,
      identity_id: identity.id,
      identity_type: identity.type,
      tenant_id: identity.tenantId,
      scopes: identity.scopes,
      expires_at: iso(identity.expiresAt),
      issued_at: iso(identity.issuedAt),
    };
  });

  /** Mints a personal token (`skt_...`) for any identity; the vendor does this in its admin UI. */
  app.post('/v1/auth/tokens', { config: { rate: 'auth', action: 'token_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const fields = new BodyReader(request.body);
    const identityId = fields.requiredString('identity_id', { max: 512 });
    const displayName = fields.optionalString('display_name', { max: 256 });
    const scopes = fields.requiredStringArray('scopes');
    const groups = fields.optionalStringArray('groups') ?? [];
    const mfaVerified = fields.optionalBoolean('mfa_verified') ?? false;
    const expiresIn = fields.optionalString('expires_in', { max: 32 });
    fields.finish();
    if (!/^(user|sa):\S+$/.test(identityId)) throw validationError({ identity_id: 'must look like user:<email> or sa:<name>' });
    const unknown = scopes.filter((scope) => !(KNOWN_SCOPES as readonly string[]).includes(scope));
    if (unknown.length > 0) throw validationError({ scopes: `unknown scope(s): ${unknown.join(', ')}` });
    if (groups.some((group) => !group.startsWith('group:'))) throw validationError({ groups: 'each group must look like group:<name>' });
    // A token may only be minted for an identity the tenant's admins administer: never the
    // server's root (its one credential is the root token), and for `sa:` a live service account.
    if (identityId === ROOT_IDENTITY_ID)
      throw forbidden('forbidden', `No token can be minted for '${ROOT_IDENTITY_ID}'; its only credential is the root token`, {
        identity_id: identityId,
      });
    if (identityId.startsWith('sa:') && !(await serviceAccounts.isLiveIdentity(actor.tenantId, identityId))) {
      throw notFound('service_account_not_found', `No service account with identity '${identityId}' in this tenant`, {
        identity_id: identityId,
      });
    }
    const { token, view } = await personalTokens.create({
      tenantId: actor.tenantId,
      identityId,
      displayName,
      scopes,
      groups,
      mfaVerified,
      expiresAt: clock() + parseDuration(expiresIn ?? DEFAULT_TOKEN_TTL, 'expires_in'),
    });
    reply.code(201);
    return { ...view, token };
  });

  app.get('/v1/auth/tokens', { config: { rate: 'auth', action: 'token_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return { tokens: await personalTokens.list(actor.tenantId) };
  });

  app.delete('/v1/auth/tokens/:id', { config: { rate: 'auth', action: 'token_revoke' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    await personalTokens.revoke(actor.tenantId, (request.params as { id: string }).id);
    reply.code(204);
  });
}
