import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessControl } from '../policies/access-control.js';
import type { PkiService } from './pki-area.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { invalidRequest } from '../http/api-error.js';
import { CSR_STATUSES, type CsrStatus } from './certificate-requests.js';
import { trustAnchorView } from './pki-views.js';
import { refuse } from './pki-errors.js';

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

export function registerCsrRoutes(app: FastifyInstance, { csrs, trustAnchors }: PkiService, access: AccessControl): void {
  app.post('/v1/pki/csr', { config: { action: 'pki_csr_submit', rate: 'pki' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:issue', 'pki:admin');
    const fields = new BodyReader(request.body);
    const csrPem = fields.requiredString('csr_pem', { max: 64 * 1024 });
    const comment = fields.optionalString('comment', { max: 1024 });
    fields.finish();
    const row = await csrs.submit(actor, csrPem, comment);
    request.ctx.auditExtra.csr_id = row.id;
    reply.code(201);
    return csrs.view(row);
  });

  app.get('/v1/pki/csr', { config: { action: 'pki_csr_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    const query = queryOf(request);
    if (query.status !== undefined && !CSR_STATUSES.includes(query.status as CsrStatus))
      throw invalidRequest(`status must be one of ${CSR_STATUSES.join(', ')}, not ${JSON.stringify(query.status)}`, {
        status: query.status,
      });
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await csrs.list(
      actor.tenantId,
      query.status as CsrStatus | undefined,
      decodeCursor<number>(query.cursor, 'number'),
      limit,
    );
    const result = page(rows, limit, (row) => row.seq);
    return { csrs: result.items.map((row) => csrs.view(row)), cursor: result.cursor, has_more: result.has_more };
  });

  app.get('/v1/pki/csr/:id', { config: { action: 'pki_csr_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    return csrs.view(await csrs.get(actor.tenantId, idOf(request)));
  });

  app.post('/v1/pki/csr/:id/approve', { config: { action: 'pki_csr_approve', rate: 'pki_admin' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    new BodyReader(request.body, { allowEmpty: true }).finish();
    request.ctx.auditExtra.csr_id = idOf(request);
    return csrs.view(await csrs.approve(actor, idOf(request)));
  });

  app.post('/v1/pki/csr/:id/reject', { config: { action: 'pki_csr_reject', rate: 'pki_admin' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const fields = new BodyReader(request.body, { allowEmpty: true });
    const reason = fields.optionalString('reason', { max: 1024 });
    fields.finish();
    request.ctx.auditExtra.csr_id = idOf(request);
    return csrs.view(await csrs.reject(actor, idOf(request), reason));
  });

  app.post('/v1/pki/csr/:id/sign', { config: { action: 'pki_sign', rate: 'pki' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const fields = new BodyReader(request.body);
    const caId = fields.requiredString('ca_id', { max: 128 });
    const days = fields.raw('validity_days');
    fields.finish();
    if (days !== undefined && days !== null && typeof days !== 'number')
      throw refuse('validity_days', String(days), `validity_days must be a whole number of days, not ${JSON.stringify(days)}`);
    const issued = await csrs.sign(actor, idOf(request), caId, (days ?? undefined) as number | undefined);
    Object.assign(request.ctx.auditExtra, {
      csr_id: idOf(request),
      ca_id: caId,
      certificate_id: issued.id,
      serial_number: issued.serial_number,
    });
    reply.code(201);
    return issued;
  });

  app.get('/v1/pki/trust-anchors', { config: { action: 'pki_trust_anchor_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    return { trust_anchors: (await trustAnchors.list(actor.tenantId)).map(trustAnchorView), cursor: null, has_more: false };
  });

  app.post('/v1/pki/trust-anchors', { config: { action: 'pki_trust_anchor_create', rate: 'pki_admin' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const fields = new BodyReader(request.body);
    const name = fields.requiredString('name', { max: 128 });
    const pem = fields.requiredString('certificate_pem', { max: 64 * 1024 });
    fields.finish();
    reply.code(201);
    return trustAnchorView(await trustAnchors.add(actor.tenantId, name, pem));
  });

  app.get('/v1/pki/trust-anchors/:id', { config: { action: 'pki_trust_anchor_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    const row = await trustAnchors.get(actor.tenantId, idOf(request));
    return { ...trustAnchorView(row), certificate_pem: row.certificate_pem };
  });

  app.delete('/v1/pki/trust-anchors/:id', { config: { action: 'pki_trust_anchor_delete', rate: 'pki_admin' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    await trustAnchors.delete(actor.tenantId, idOf(request));
    reply.code(204);
  });
}
