import type { FastifyInstance } from 'fastify';
import type { Core, DependenciesOf } from '../modules/area-module.js';
import type { AuthService } from './auth-area.js';
import { parseFormBody } from '../http/form-body.js';

const ACCESS_TOKEN_TTL_SECONDS = 3600;

/**
 * The client-credentials exchange the SDK performs against ScaiKey, served locally so a
 * `clientId`/`clientSecret` client works against this server: `client_id` is a service
 * account id (`sva_...`) and `client_secret` one of its API keys. Errors use the OAuth form
 * (`{"error","error_description"}`), not the API envelope, as a token endpoint would.
 */
export function registerOAuthRoutes(
  app: FastifyInstance,
  { authenticator }: AuthService,
  deps: DependenciesOf<'personal-tokens' | 'service-accounts'>,
  { clock }: Core,
): void {
  const { 'personal-tokens': personalTokens, 'service-accounts': serviceAccounts } = deps;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseFormBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.post('/oauth/token', { config: { public: true, rate: 'auth', action: 'token_create' } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    let clientId = typeof form.client_id === 'string' ? form.client_id : undefined;
    let clientSecret = typeof form.client_secret === 'string' ? form.client_secret : undefined;
    const fail = (error: string, description: string) =>
      reply.code(error === 'invalid_client' ? 401 : 400).send({ error, error_description: description });
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (basic) {
      const [id, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      try {
        // RFC 6749 §2.3.1: both halves are form-urlencoded.
        clientId = decodeURIComponent(id ?? '');
        clientSecret = decodeURIComponent(rest.join(':'));
      } catch {
        return fail('invalid_client', 'the Basic credentials are not valid percent-encoding');
      }
    }
    if (form.grant_type !== 'client_credentials') return fail('unsupported_grant_type', 'only grant_type=client_credentials is supported');
    if (!clientId || !clientSecret) return fail('invalid_request', 'client_id and client_secret are required');
    const check = await authenticator.check(clientSecret);
    const apiKeyId =
      check.active && check.identity.type === 'service_account' ? await serviceAccounts.liveKeyId(clientId, clientSecret) : undefined;
    if (!check.active || apiKeyId === undefined) return fail('invalid_client', 'unknown client or wrong secret');
    const requested = typeof form.scope === 'string' && form.scope.trim() !== '' ? form.scope.trim().split(/\s+/) : check.identity.scopes;
    const granted = requested.filter((scope) => check.identity.scopes.includes(scope) || check.identity.scopes.includes('admin'));
    if (granted.length === 0) return fail('invalid_scope', 'none of the requested scopes is allowed for this client');
    const { token } = await personalTokens.create({
      tenantId: check.identity.tenantId,
      identityId: check.identity.id,
      displayName: check.identity.displayName,
      scopes: granted,
      groups: [],
      mfaVerified: false,
      expiresAt: clock() + ACCESS_TOKEN_TTL_SECONDS * 1000,
      apiKeyId,
    });
    request.ctx.auditExtra.client_id = clientId;
    return { access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, scope: granted.join(' ') };
  });
}
