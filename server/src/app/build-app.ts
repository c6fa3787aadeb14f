import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ComposedAreas } from '../modules/compose-areas.js';
import { newRequestId } from '../shared/ids.js';
import { iso } from '../shared/time.js';
import { resolveTenant } from '../auth/tenant-context.js';
import { DEFAULT_TENANT_ID, type Identity } from '../shared/identity.js';
import { ApiError, forbidden, invalidRequest } from '../http/api-error.js';
import { answerClientError, answerOnSocket, auditRejected, REJECTED_ACTION, type RejectionServices } from './client-errors.js';
import type { ServerSettings } from '../modules/server-settings.js';
import type { Authenticator } from '../auth/authenticator.js';
import { IdempotencyCache } from '../http/idempotency.js';
import { checkWellFormed, checkedJsonText } from '../http/json-body.js';
import type { AuditNote, RequestContext } from '../http/request-context.js';
import type { AuditEntry } from '../audit/audit-log.js';
import { requestAudits, type RequestAudit } from '../storage/request-audit.js';
import { RateLimiter, type RateCategory } from '../http/rate-limiter.js';

/** Bodies above this answer `413 request_too_large`; secrets are small, and this bounds memory per request. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const TENANT_PREFIX = /^\/v1\/t\/([^/?#]+)(.*)$/;

/** Methods whose requests may change state, and so whose audit record commits with the change. */
const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the request hooks use: the clock, the store, settings, and the auth and audit areas. */
interface KernelServices extends RejectionServices {
  settings: ServerSettings;
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
}

/** How long a client may take to send a request; see `StartServerOptions`. */
export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * The HTTP layer: request ids, authentication, tenant context, rate limits, the audit record
 * and the error envelope are handled here once, so route handlers stay thin calls into the
 * area modules.
 */

export function buildApp(areas: ComposedAreas, log: (line: string) => void, timeouts: HttpTimeouts): FastifyInstance {
  // The HTTP layer itself is built on two areas: who a token is, and where each request is recorded.
  const services: KernelServices = {
    clock: areas.core.clock,
    store: areas.core.store,
    settings: areas.core.settings,
    audit: areas.service('audit'),
    authenticator: areas.service('auth').authenticator,
    rateLimiter: new RateLimiter(),
  };
  const pathTenants = new WeakMap<object, string>();
  const app = Fastify({
    logger: false,
    // A request whose headers, or headers and body, do not arrive in time is answered 408 and
    // closed, so a client that announces more bytes than it sends cannot hold a connection open.
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      // Node would answer a missing Host itself, without the envelope; onRequest refuses it instead.
      requireHostHeader: false,
      headersTimeout: timeouts.headersTimeoutMs,
      // Node looks for expired requests on this interval, so it bounds how late a timeout fires.
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1_000, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 4)),
      ),
    },
    clientErrorHandler: (error, socket) => answerClientError(error, socket, services, log),
    // Refused by the router (undecodable percent-encoding, an over-long parameter) before any
    // hook runs, so the log line and audit record are written here.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const apiError = tooLong
        ? new ApiError(414, 'invalid_request', 'A path segment of the URL is too long')
        : invalidRequest('The request URL is not valid percent-encoding');
      log(`${iso(services.clock())} ${request.id} ${request.method} - ${apiError.status} rejected before routing: ${error.code}`);
      const userAgent = request.headers['user-agent'];
      auditRejected(services, {
        requestId: request.id,
        sourceIp: request.ip,
        userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 256) : null,
        status: apiError.status,
        errorCode: apiError.code,
        extra: { method: request.method },
      });
      reply.header('x-request-id', request.id);
      sendError(reply, request, apiError);
    },
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: () => newRequestId(),
    return503OnClosing: true,
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 2048 },
    // `/v1/t/{tenant_id}/...` is the same API aimed at another tenant: remember the tenant, route the rest.
    rewriteUrl(req) {
      const url = req.url ?? '/';
      const match = TENANT_PREFIX.exec(url);
      if (!match) return url;
      let tenant = match[1]!;
      try {
        tenant = decodeURIComponent(tenant);
      } catch {
        // an undecodable tenant id is reported as tenant_not_found by resolveTenant
      }
      pathTenants.set(req, tenant);
      return `/v1${match[2] || '/'}`;
    },
  });

  app.decorateRequest('ctx', null as unknown as RequestContext);

  // Requests Node would otherwise answer itself, without the envelope or a request id.
  app.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    response.shouldKeepAlive = false;
    answerOnSocket(
      request.socket,
      new ApiError(
        417,
        'invalid_request',
        `Unsupported Expect header '${String(request.headers.expect).slice(0, 64)}'; only 100-continue is understood`,
      ),
      services,
      log,
      { method: request.method },
    );
  });
  app.server.on('connect', (request: IncomingMessage, socket: Socket) => {
    answerOnSocket(socket, new ApiError(405, 'method_not_allowed', 'CONNECT is not supported; this is not a proxy'), services, log, {
      method: request.method,
    });
  });

  // Any content type is parsed as JSON, so `curl -d '{...}'` works without a header.
  app.removeAllContentTypeParsers();
  const json = app.getDefaultJsonParser('error', 'error');
  // Read as bytes, not as a string, so invalid UTF-8 is refused instead of silently becoming U+FFFD.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer | undefined;
    if (bytes === undefined || bytes.length === 0) {
      done(null, undefined);
      return;
    }
    let text: string;
    try {
      text = checkedJsonText(bytes);
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    json(request, text, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      try {
        checkWellFormed(value);
      } catch (problem) {
        return done(problem as Error, undefined);
      }
      done(null, value);
    });
  });

  app.addHook('onRequest', async (request, reply) => {
    request.ctx = { requestId: request.id, startedAt: performance.now(), auditExtra: {}, auditNotes: [] };
    reply.header('x-request-id', request.id);
    applyRateLimit(services, reply, `ip:${request.ip}`, 'public', false);
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      request.ctx.auditAction = REJECTED_ACTION;
      throw invalidRequest('An HTTP/1.1 request must carry a Host header');
    }
    const config = request.routeOptions.config;
    if (request.is404 || config.public) return;
    const headerTenant = request.headers['x-tenant-id'];
    const pathTenant = pathTenants.get(request.raw);
    const requestedTenant = pathTenant ?? (typeof headerTenant === 'string' && headerTenant !== '' ? headerTenant : undefined);
    let identity: Identity;
    let tenantId: string;
    try {
      identity = await services.authenticator.authenticate(request.headers.authorization);
      // Known from here on: a denial below is audited as this identity, not as anonymous.
      request.ctx.identity = identity;
      request.ctx.tenantId = identity.tenantId;
      tenantId = resolveTenant(identity, pathTenant, typeof headerTenant === 'string' && headerTenant !== '' ? headerTenant : undefined);
    } catch (error) {
      if (requestedTenant !== undefined) request.ctx.auditExtra.requested_tenant_id = requestedTenant.slice(0, 128);
      // The tenant that was asked for sees a known identity's attempt in its own audit log.
      if (error instanceof ApiError && error.code === 'tenant_access_denied' && requestedTenant !== undefined)
        request.ctx.tenantId = requestedTenant;
      throw error;
    }
    request.ctx.tenantId = tenantId;
    const partner = request.headers['x-partner-id'];
    if (typeof partner === 'string' && partner !== '' && partner !== identity.partnerId && !identity.isRoot) {
      request.ctx.auditExtra.requested_partner_id = partner.slice(0, 128);
      throw forbidden('tenant_access_denied', `Identity '${identity.id}' may not act for partner '${partner}'`, { partner_id: partner });
    }
    request.ctx.actor = { tenantId, identity, requestId: request.id, sourceIp: request.ip };
    applyRateLimit(services, reply, identity.id, config.rate ?? 'general', services.settings.enforceRateLimits && !identity.isRoot);
  });

  const idempotency = new IdempotencyCache();
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const actor = request.ctx.actor;
    if (request.method !== 'POST' || typeof key !== 'string' || !actor) return;
    const scope = `${actor.tenantId}\u0000${actor.identity.id}`;
    const outcome = idempotency.begin(scope, key, { method: request.method, url: request.url, body: request.body }, services.clock());
    if (outcome.kind === 'replay') {
      request.ctx.auditExtra.idempotent_replay = true;
      return reply.code(outcome.status).header('idempotent-replayed', 'true').type(outcome.contentType).send(outcome.body);
    }
    request.ctx.idempotency = { scope, key };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = request.ctx?.idempotency;
    if (pending) {
      request.ctx.idempotency = undefined;
      idempotency.complete(
        pending.scope,
        pending.key,
        reply.statusCode,
        typeof payload === 'string' ? payload : '',
        String(reply.getHeader('content-type') ?? 'application/json'),
      );
    }
    return payload;
  });

  /** The audit entries of a request as it stands: at the commit of its change, and again once answered. */
  const auditEntries = (request: FastifyRequest, status: number, durationMs: number): AuditEntry[] => {
    const ctx = request.ctx;
    const identity = ctx.actor?.identity ?? ctx.identity;
    const base = {
      tenantId: ctx.actor?.tenantId ?? ctx.tenantId ?? DEFAULT_TENANT_ID,
      timestamp: services.clock(),
      identityType: identity ? identity.type : null,
      identityId: identity ? identity.id : null,
      sourceIp: request.ip,
      userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 256) : null,
      durationMs: Math.round(durationMs),
      requestId: ctx.requestId,
    };
    const action = request.is404 ? 'unknown_route' : request.routeOptions.config.action;
    const extra = { method: request.method, route: request.routeOptions.url ?? null, status, ...ctx.auditExtra };
    const notes =
      ctx.auditNotes.length > 0 ? ctx.auditNotes : [{ action: ctx.auditAction ?? action ?? 'request', path: ctx.auditPath } as AuditNote];
    // Built field by field: this runs twice for every changing request (at its commit and once
    // answered), and copying `base` and `extra` by spread was the costliest part of it.
    return notes.map((note) => ({
      tenantId: base.tenantId,
      timestamp: base.timestamp,
      identityType: base.identityType,
      identityId: base.identityId,
      sourceIp: base.sourceIp,
      userAgent: base.userAgent,
      durationMs: base.durationMs,
      requestId: base.requestId,
      action: note.action,
      secretPath: note.path ?? null,
      success: note.success ?? status < 400,
      extra: note.extra === undefined ? extra : { ...extra, ...note.extra },
    }));
  };

  // A request that may change state runs its handler with its audit in reach of the store, so
  // the first transaction it commits carries the audit record (see AuditLog).
  app.addHook('preHandler', (request, reply, done) => {
    // Public routes too: the OAuth token endpoint mints a token without an authenticated caller.
    if (request.routeOptions.config.action === false || !CHANGING_METHODS.has(request.method)) return done();
    const audit: RequestAudit = {
      finished: false,
      entries: () => auditEntries(request, reply.statusCode, performance.now() - request.ctx.startedAt),
    };
    request.ctx.audit = audit;
    requestAudits.run(audit, done);
  });

  app.addHook('onResponse', async (request, reply) => {
    const ctx = request.ctx;
    if (!ctx) return;
    if (ctx.audit) ctx.audit.finished = true;
    const durationMs = performance.now() - ctx.startedAt;
    const identity = ctx.actor?.identity ?? ctx.identity;
    log(
      `${iso(services.clock())} ${ctx.requestId} ${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${durationMs.toFixed(1)}ms ${identity?.id ?? '-'}`,
    );
    const action = request.is404 ? 'unknown_route' : request.routeOptions.config.action;
    if (action === false || !services.store.isOpen) return;
    const entries = auditEntries(request, reply.statusCode, durationMs);
    if (ctx.audit?.committed) services.audit.complete(ctx.audit.committed, entries);
    else for (const entry of entries) services.audit.record(entry);
  });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) log(`${request.id} internal error: ${(error as Error).stack ?? String(error)}`);
    if (request.ctx) request.ctx.auditExtra.error_code = apiError.code;
    sendError(reply, request, apiError);
  });

  app.setNotFoundHandler((request, reply) => {
    sendError(reply, request, new ApiError(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });

  areas.registerRoutes(app);
  return app;
}

function applyRateLimit(services: KernelServices, reply: FastifyReply, key: string, category: RateCategory, enforce: boolean): void {
  const decision = services.rateLimiter.take(key, category, services.clock(), enforce);
  reply.header('x-ratelimit-limit', decision.limit);
  reply.header('x-ratelimit-remaining', decision.remaining);
  reply.header('x-ratelimit-reset', decision.reset);
  if (!decision.allowed) {
    throw new ApiError(
      429,
      'rate_limited',
      `Rate limit of ${decision.limit} requests per minute exceeded for '${category}'; retry in ${decision.retryAfterSeconds}s`,
      { category, retry_after: decision.retryAfterSeconds },
      { 'retry-after': String(decision.retryAfterSeconds) },
    );
  }
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: ApiError): void {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  reply
    .code(error.status)
    .type('application/json')
    .send({ error: { code: error.code, message: error.message, details: error.details, request_id: request.id } });
}

/** Maps framework errors onto the documented codes; anything unexpected becomes a generic 500. */
function toApiError(error: FastifyError | ApiError): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as FastifyError).code;
  const status = (error as FastifyError).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return new ApiError(413, 'request_too_large', `Request body exceeds the ${BODY_LIMIT_BYTES} byte limit`, {
      limit_bytes: BODY_LIMIT_BYTES,
    });
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new ApiError(415, 'invalid_request', 'Unsupported content type; send application/json');
  if (
    error instanceof SyntaxError ||
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (typeof code === 'string' && code.startsWith('FST_ERR_CTP'))
  ) {
    return new ApiError(400, 'invalid_request', 'Request body is not valid JSON');
  }
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new ApiError(status, 'invalid_request', 'The request could not be processed');
  return new ApiError(500, 'internal_error', 'Internal server error; the request id identifies it in the server log');
}
