import type { FastifyRequest } from 'fastify';
import type { Actor } from '../shared/actor.js';
import type { Identity } from '../shared/identity.js';
import type { RequestAudit } from '../storage/request-audit.js';
import type { RateCategory } from './rate-limiter.js';

/** Per-route settings read by the request hooks. */
export interface RouteSettings {
  /** No token needed (health, version). */
  public?: boolean;
  /** Rate-limit bucket; defaults to `general`. */
  rate?: RateCategory;
  /** Audit action recorded for the request; `false` for the documented exceptions (policy test). */
  action?: string | false;
}

export interface AuditNote {
  action: string;
  path?: string;
  success?: boolean;
  extra?: Record<string, unknown>;
}

/** What the hooks learn about a request and the handlers add to (audit details). */
export interface RequestContext {
  requestId: string;
  startedAt: number;
  actor?: Actor;
  /** Who and which tenant, as far as known before the actor is complete: a denied request is audited as them. */
  identity?: Identity;
  tenantId?: string;
  /** Set for a request that may change state; its first commit writes the audit record. */
  audit?: RequestAudit;
  /** Overrides the route's audit action when one route serves several (`GET /v1/secrets/{path}/versions`). */
  auditAction?: string;
  /** The secret path the request concerned, recorded in the audit log. */
  auditPath?: string;
  auditExtra: Record<string, unknown>;
  /** Extra audit entries, e.g. one per path of a batch read. */
  auditNotes: AuditNote[];
  /** Set while a POST carrying `Idempotency-Key` runs, so its response can be kept. */
  idempotency?: { scope: string; key: string };
}

declare module 'fastify' {
  interface FastifyContextConfig extends RouteSettings {}
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

/** The authenticated actor of a request; every non-public route has one by the time its handler runs. */
export function actorOf(request: FastifyRequest): Actor {
  const actor = request.ctx.actor;
  if (!actor) throw new Error('route is missing authentication');
  return actor;
}

export type Query = Record<string, string | undefined>;

export function queryOf(request: FastifyRequest): Query {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const out: Query = {};
  for (const [key, value] of Object.entries(query))
    out[key] = Array.isArray(value) ? String(value[value.length - 1]) : typeof value === 'string' ? value : undefined;
  return out;
}

export function booleanQuery(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return value === 'true' || value === '1';
}
