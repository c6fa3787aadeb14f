import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { digestsEqual, hashToken } from '../crypto/token-hash.js';
import { parseFormBody } from '../http/form-body.js';
import { DirectoryError } from './directory.js';
import type { DevScaiKey } from './dev-scaikey.js';
import { registrationView, type AppScope } from './registrations.js';

type Body = Record<string, unknown>;
const APP_SCOPES: readonly AppScope[] = ['GLOBAL', 'PARTNER', 'TENANT'];
/** Submissions one address may make in a minute. */
const REGISTRATIONS_PER_MINUTE = 20;

function fail(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

function text(body: Body, name: string, max = 256): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw new DirectoryError(400, 'invalid_request', `${name}: a non-empty string of at most ${max} characters`);
  return value.trim();
}

function required(body: Body, name: string, max = 256): string {
  const value = text(body, name, max);
  if (value === undefined) throw new DirectoryError(400, 'invalid_request', `${name} is required`);
  return value;
}

function strings(body: Body, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === ''))
    throw new DirectoryError(400, 'invalid_request', `${name}: an array of strings`);
  return value as string[];
}

/** Page-based paging as ScaiKey's listing answers it: `page` from 1, `page_size` up to 500. */
function paged<T>(request: FastifyRequest, key: string, items: T[]): Record<string, unknown> {
  const query = request.query as Record<string, string | undefined>;
  const page = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1);
  const size = Math.min(500, Math.max(1, Number.parseInt(query.page_size ?? '100', 10) || 100));
  return { [key]: items.slice((page - 1) * size, page * size), total: items.length, page, page_size: size };
}

/**
 * The development ScaiKey's HTTP API: OIDC discovery and JWKS, the OAuth token endpoint
 * (client credentials), the public registration API, the identity listing ScaiVault syncs from,
 * and an admin API (bearer `adminToken`) standing in for ScaiKey's console: approvals, directory
 * changes, key rotation, user tokens.
 */
export function registerDevScaiKeyRoutes(app: FastifyInstance, scaikey: DevScaiKey, adminToken: string): void {
  const adminDigest = hashToken(adminToken);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseFormBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  // An empty body with a JSON content type is no body, as curl -X POST -H 'content-type: application/json' sends it.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new DirectoryError(400, 'invalid_request', 'the body is not JSON'), undefined);
    }
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof DirectoryError) return fail(reply, error.status, error.code, error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return fail(reply, status, 'invalid_request', 'the request could not be read');
    return fail(reply, 500, 'internal_error', 'internal error');
  });

  const bearer = (request: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const requireAdmin = (request: FastifyRequest) => {
    const token = bearer(request);
    if (token === undefined || !digestsEqual(hashToken(token), adminDigest)) throw new DirectoryError(404, 'not_found', 'not found');
  };
  const requireIdentityReader = async (request: FastifyRequest) => {
    const token = bearer(request);
    let scopes: string[] = [];
    try {
      if (token !== undefined) scopes = String((await scaikey.keys.verify(token, scaikey.issuer, scaikey.clock())).scope ?? '').split(' ');
    } catch {
      scopes = [];
    }
    if (!scopes.includes('identity:read')) throw new DirectoryError(404, 'not_found', 'not found');
  };

  // Discovery at the origin and at both documented per-app-type paths: this provider has one issuer.
  for (const path of [
    '/.well-known/openid-configuration',
    '/api/v1/platform/oauth/.well-known/openid-configuration',
    '/api/v1/auth/tenants/:slug/.well-known/openid-configuration',
  ])
    app.get(path, async () => scaikey.discovery());
  app.get('/.well-known/jwks.json', async () => scaikey.keys.jwks());

  const token = async (request: FastifyRequest, reply: FastifyReply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const oauthFail = (error: string, description: string) =>
      reply.code(error === 'invalid_client' ? 401 : 400).send({ error, error_description: description });
    let clientId = typeof form.client_id === 'string' ? form.client_id : undefined;
    let clientSecret = typeof form.client_secret === 'string' ? form.client_secret : undefined;
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (basic) {
      const [id, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      try {
        clientId = decodeURIComponent(id ?? '');
        clientSecret = decodeURIComponent(rest.join(':'));
      } catch {
        return oauthFail('invalid_client', 'the Basic credentials are not valid percent-encoding');
      }
    }
    if (form.grant_type !== 'client_credentials')
      return oauthFail('unsupported_grant_type', 'only grant_type=client_credentials is supported');
    if (!clientId || !clientSecret) return oauthFail('invalid_request', 'client_id and client_secret are required');
    const client = scaikey.applications.authenticate(clientId, clientSecret);
    if (!client) return oauthFail('invalid_client', 'unknown client or wrong secret');
    const slug = (request.params as { slug?: string }).slug;
    if (slug !== undefined) {
      const tenant = scaikey.directory.tenantBySlug(slug);
      if (!tenant || tenant.id !== client.tenant_id) return oauthFail('invalid_client', `the client does not belong to tenant '${slug}'`);
    }
    const requested = typeof form.scope === 'string' && form.scope.trim() !== '' ? form.scope.trim().split(/\s+/) : undefined;
    const granted = await scaikey.clientToken(client, requested);
    if ('error' in granted) return oauthFail(granted.error, granted.description);
    return granted;
  };
  for (const path of ['/oauth/token', '/api/v1/platform/oauth/token', '/api/v1/auth/tenants/:slug/oauth/token']) app.post(path, token);

  // The public registration API (no authentication, so limited per address as ScaiKey documents).
  const submissions = new Map<string, number[]>();
  app.post('/api/v1/public/register/applications', async (request, reply) => {
    const now = scaikey.clock();
    const recent = (submissions.get(request.ip) ?? []).filter((at) => at > now - 60_000);
    if (recent.length >= REGISTRATIONS_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000));
      return reply
        .code(429)
        .header('retry-after', String(retryAfter))
        .send({
          error: { code: 'rate_limited', message: `at most ${REGISTRATIONS_PER_MINUTE} registration requests a minute from one address` },
        });
    }
    submissions.set(request.ip, [...recent, now]);
    const body = (request.body ?? {}) as Body;
    const scope = required(body, 'scope', 16).toUpperCase() as AppScope;
    if (!APP_SCOPES.includes(scope)) throw new DirectoryError(400, 'invalid_request', `scope: one of ${APP_SCOPES.join(', ')}`);
    const tenantSlug = text(body, 'tenant_slug', 63) ?? null;
    const partnerSlug = text(body, 'partner_slug', 63) ?? null;
    if (scope === 'TENANT' && !tenantSlug)
      throw new DirectoryError(400, 'invalid_request', 'tenant_slug is required for a TENANT registration');
    if (scope === 'PARTNER' && !partnerSlug)
      throw new DirectoryError(400, 'invalid_request', 'partner_slug is required for a PARTNER registration');
    for (const [name, slug] of [
      ['tenant_slug', tenantSlug],
      ['partner_slug', partnerSlug],
    ] as const)
      if (slug !== null && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug))
        throw new DirectoryError(400, 'invalid_request', `${name}: lower-case letters, digits and dashes`);
    const email = required(body, 'contact_email', 254).toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new DirectoryError(400, 'invalid_request', 'contact_email: an e-mail address');
    const { request: submitted, statusToken } = scaikey.submit({
      scope,
      tenantSlug,
      partnerSlug,
      email,
      name: text(body, 'application_name', 128) ?? `ScaiVault (${tenantSlug ?? partnerSlug ?? 'platform'})`,
      scopes: strings(body, 'requested_scopes') ?? [],
    });
    return reply.code(201).send({
      request_id: submitted.request_id,
      status_token: statusToken,
      status: submitted.status,
      expires_at: new Date(submitted.expires_at).toISOString(),
    });
  });

  app.get('/api/v1/public/register/applications/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const found = scaikey.registrations.withToken(id, (request.query as { status_token?: string }).status_token);
    if (!found)
      return fail(reply, 404, 'registration_not_found', `registration request '${id}' not found (or the status token does not match)`);
    // The one pickup: the credentials leave with this answer and are never shown again.
    const credentials = found.pendingCredentials ?? undefined;
    if (credentials) {
      found.pendingCredentials = null;
      found.credentialsRetrieved = true;
    }
    return registrationView(found, credentials);
  });

  app.delete('/api/v1/public/register/applications/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const found = scaikey.registrations.withToken(id, (request.query as { status_token?: string }).status_token);
    if (!found)
      return fail(reply, 404, 'registration_not_found', `registration request '${id}' not found (or the status token does not match)`);
    if (found.status !== 'PENDING')
      return fail(reply, 409, 'invalid_state', `registration request '${id}' is ${found.status}; only a PENDING one can be cancelled`);
    found.status = 'CANCELLED';
    found.decided_at = scaikey.clock();
    return reply.code(204).send();
  });

  // The identity listing ScaiVault's sync reads, for tokens with identity:read.
  const directory = scaikey.directory;
  app.get('/api/v1/identity/partners', async (request) => {
    await requireIdentityReader(request);
    return paged(request, 'partners', [...directory.partners.values()]);
  });
  app.get('/api/v1/identity/tenants', async (request) => {
    await requireIdentityReader(request);
    const partnerId = (request.query as { partner_id?: string }).partner_id;
    return paged(
      request,
      'tenants',
      [...directory.tenants.values()].filter((tenant) => partnerId === undefined || tenant.partner_id === partnerId),
    );
  });
  app.get('/api/v1/identity/tenants/:id/users', async (request) => {
    await requireIdentityReader(request);
    const { id } = request.params as { id: string };
    return paged(
      request,
      'users',
      [...directory.users.values()].filter((user) => user.tenant_id === id),
    );
  });
  app.get('/api/v1/identity/tenants/:id/groups', async (request) => {
    await requireIdentityReader(request);
    const { id } = request.params as { id: string };
    return paged(
      request,
      'groups',
      [...directory.groups.values()].filter((group) => group.tenant_id === id),
    );
  });
  app.get('/api/v1/identity/groups/:id/members', async (request) => {
    await requireIdentityReader(request);
    const { id } = request.params as { id: string };
    const members = [...(directory.memberships.get(id)?.values() ?? [])].map((member) => ({
      user_id: member.user_id,
      email: directory.users.get(member.user_id)?.email,
      membership_type: member.membership_type,
      added_at: member.added_at,
    }));
    return paged(request, 'members', members);
  });

  // The admin API.
  app.get('/api/v1/admin/registrations', async (request) => {
    requireAdmin(request);
    return { registrations: scaikey.registrations.list().map((found) => registrationView(found)) };
  });
  app.post('/api/v1/admin/registrations/:id/approve', async (request) => {
    requireAdmin(request);
    return registrationView(scaikey.approve((request.params as { id: string }).id));
  });
  app.post('/api/v1/admin/registrations/:id/reject', async (request) => {
    requireAdmin(request);
    const reason = text((request.body ?? {}) as Body, 'reason', 512) ?? 'rejected by an administrator';
    return registrationView(scaikey.reject((request.params as { id: string }).id, reason));
  });
  app.post('/api/v1/admin/partners', async (request, reply) => {
    requireAdmin(request);
    const body = (request.body ?? {}) as Body;
    return reply.code(201).send(directory.addPartner({ name: required(body, 'name'), slug: required(body, 'slug', 63) }));
  });
  app.post('/api/v1/admin/tenants', async (request, reply) => {
    requireAdmin(request);
    const body = (request.body ?? {}) as Body;
    return reply
      .code(201)
      .send(
        directory.addTenant({ partnerId: required(body, 'partner_id'), name: required(body, 'name'), slug: required(body, 'slug', 63) }),
      );
  });
  app.post('/api/v1/admin/tenants/:id/users', async (request, reply) => {
    requireAdmin(request);
    const body = (request.body ?? {}) as Body;
    const displayName = text(body, 'display_name');
    const user = directory.addUser({
      tenantId: (request.params as { id: string }).id,
      email: required(body, 'email', 254),
      ...(displayName ? { displayName } : {}),
      roles: strings(body, 'roles') ?? [],
      mfaEnabled: body.mfa_enabled === true,
    });
    return reply.code(201).send(user);
  });
  app.delete('/api/v1/admin/users/:id', async (request, reply) => {
    requireAdmin(request);
    directory.removeUser((request.params as { id: string }).id);
    return reply.code(204).send();
  });
  app.post('/api/v1/admin/tenants/:id/groups', async (request, reply) => {
    requireAdmin(request);
    const body = (request.body ?? {}) as Body;
    const description = text(body, 'description', 512);
    return reply.code(201).send(
      directory.addGroup({
        tenantId: (request.params as { id: string }).id,
        name: required(body, 'name', 63),
        ...(description ? { description } : {}),
      }),
    );
  });
  app.put('/api/v1/admin/groups/:group/members/:user', async (request) => {
    requireAdmin(request);
    const { group, user } = request.params as { group: string; user: string };
    return directory.addMember(group, user);
  });
  app.delete('/api/v1/admin/groups/:group/members/:user', async (request, reply) => {
    requireAdmin(request);
    const { group, user } = request.params as { group: string; user: string };
    directory.removeMember(group, user);
    return reply.code(204).send();
  });
  app.post('/api/v1/admin/users/:id/token', async (request) => {
    requireAdmin(request);
    const scopes = strings((request.body ?? {}) as Body, 'scopes') ?? ['secrets:read', 'secrets:list'];
    return scaikey.userToken((request.params as { id: string }).id, scopes);
  });
  app.post('/api/v1/admin/keys/rotate', async (request) => {
    requireAdmin(request);
    const kid = await scaikey.keys.rotate(((request.body ?? {}) as Body).retire_old === true);
    return { kid, keys: scaikey.keys.jwks().keys.map((key) => key.kid) };
  });
  app.post('/api/v1/admin/webhooks', async (request, reply) => {
    requireAdmin(request);
    const body = (request.body ?? {}) as Body;
    const url = required(body, 'url', 2048);
    if (!/^https?:\/\//.test(url)) throw new DirectoryError(400, 'invalid_request', 'url: an http(s) URL');
    scaikey.webhooks.targets.push({ url, secret: required(body, 'secret', 512) });
    return reply.code(201).send({ url });
  });
}
