import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessControl } from '../policies/access-control.js';
import type { PkiService } from './pki-area.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { iso } from '../shared/time.js';
import { answerOcspRequest, ocspRequestFromGetPath, ocspUnauthorized, toPem } from '../crypto/ca-engine/index.js';
import { caNotFound } from './pki-errors.js';
import { readLeafRequest, readReason } from './pki-request-fields.js';
import type { CaSpec } from './certificate-authorities.js';
import { defaultRoleOf } from './issued-certificates.js';

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** Whether the client asked for `type` before JSON/PEM (OpenSSL and browsers send no Accept at all). */
function accepts(request: FastifyRequest, type: string): boolean {
  return String(request.headers.accept ?? '')
    .toLowerCase()
    .includes(type);
}

export function registerCaRoutes(app: FastifyInstance, { cas, certificates, crls }: PkiService, access: AccessControl): void {
  app.get('/v1/pki/ca', { config: { action: 'pki_ca_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await cas.list(actor.tenantId, decodeCursor<number>(query.cursor, 'number'), limit);
    const result = page(rows, limit, (row) => row.seq);
    return { cas: result.items.map((row) => cas.view(row)), cursor: result.cursor, has_more: result.has_more };
  });

  app.post('/v1/pki/ca', { config: { action: 'pki_ca_create', rate: 'pki_admin' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const fields = new BodyReader(request.body);
    const spec: CaSpec = {
      name: fields.requiredString('name', { max: 128 }),
      common_name: fields.requiredString('common_name', { max: 64 }),
      ca_type: fields.optionalEnum('ca_type', ['root', 'intermediate'] as const) ?? 'root',
      parent_ca_id: fields.optionalString('parent_ca_id', { max: 128 }),
      key_type: fields.optionalString('key_type', { max: 16 }),
      key_size: fields.optionalInteger('key_size', 1, 1_000_000),
      validity_days: fields.optionalInteger('validity_days', 1, 36_500),
      path_length: fields.optionalInteger('path_length', 0, 10),
    };
    if (!fields.has('ca_type')) fields.fail('ca_type', 'required: root or intermediate');
    fields.finish();
    const ca = await cas.create(actor, spec);
    request.ctx.auditExtra.ca_id = ca.id;
    reply.code(201);
    return ca;
  });

  app.get('/v1/pki/ca/:id', { config: { action: 'pki_ca_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    return cas.view(await cas.get(actor.tenantId, idOf(request)));
  });

  // The trust anchor to hand out, and the AIA caIssuers URL (`?format=der`).
  app.get('/v1/pki/ca/:id/certificate', { config: { public: true, action: 'pki_ca_certificate' } }, async (request, reply) => {
    const ca = await cas.find(idOf(request));
    if (!ca) throw caNotFound(idOf(request));
    const der = Buffer.from(ca.certificate_der);
    if (queryOf(request).format === 'der' || accepts(request, 'application/pkix-cert'))
      return reply.type('application/pkix-cert').send(der);
    return { ca_id: ca.id, certificate_pem: toPem(der, 'CERTIFICATE') };
  });

  app.post('/v1/pki/ca/:id/revoke', { config: { action: 'pki_revoke', rate: 'pki_admin' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const reason = readReason(request.body);
    const { ca, certificates: count } = await cas.revoke(actor, idOf(request), reason);
    Object.assign(request.ctx.auditExtra, { ca_id: ca.id, reason, certificates_revoked: count });
    return cas.view(ca);
  });

  // `pki certs issue --ca`: the CA's default role (docs/api-decisions.md, "PKI").
  app.post('/v1/pki/ca/:id/issue', { config: { action: 'pki_issue', rate: 'pki' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const leaf = readLeafRequest(new BodyReader(request.body), { allowValidityDays: true });
    const ca = await cas.get(actor.tenantId, idOf(request));
    const issued = await certificates.issue(actor, ca, defaultRoleOf(ca, 'issue'), leaf, { roleName: null, storePrivateKey: false });
    Object.assign(request.ctx.auditExtra, { ca_id: ca.id, certificate_id: issued.id, serial_number: issued.serial_number });
    reply.code(201);
    return issued;
  });

  app.post('/v1/pki/ca/:id/crl', { config: { action: 'pki_crl_regenerate', rate: 'pki_admin' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const ca = await cas.get(actor.tenantId, idOf(request));
    const crl = await crls.regenerate(ca);
    request.ctx.auditExtra.ca_id = ca.id;
    return {
      ca_id: ca.id,
      crl_pem: crl.pem,
      crl_number: crl.crlNumber,
      this_update: iso(crl.thisUpdate.getTime()),
      next_update: iso(crl.nextUpdate.getTime()),
    };
  });

  app.get('/v1/pki/ca/:id/crl', { config: { public: true, action: 'pki_crl_read' } }, async (request, reply) => {
    const ca = await cas.find(idOf(request));
    if (!ca) throw caNotFound(idOf(request));
    const crl = await crls.current(ca);
    if (accepts(request, 'application/x-pem-file')) return reply.type('application/x-pem-file').send(toPem(crl.der, 'X509 CRL'));
    return reply.type('application/pkix-crl').send(crl.der);
  });

  const ocsp = async (request: FastifyRequest, reply: FastifyReply, der: Buffer | undefined) => {
    const ca = await cas.find(idOf(request));
    reply.type('application/ocsp-response').header('cache-control', 'no-store');
    if (!ca) return reply.send(ocspUnauthorized());
    const answer = await answerOcspRequest(cas.keys.signingCa(ca), der ?? Buffer.alloc(0), (serial) => crls.status(ca, serial), {
      now: new Date(cas.now()),
    });
    request.ctx.auditExtra.ocsp = answer.statuses;
    return reply.send(answer.der);
  };

  // RFC 6960 requests are DER, not JSON: parsed as bytes in this context only.
  app.register(async (scoped) => {
    scoped.addContentTypeParser('application/ocsp-request', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scoped.post('/v1/pki/ca/:id/ocsp', { config: { public: true, action: 'pki_ocsp' } }, (request, reply) =>
      ocsp(request, reply, Buffer.isBuffer(request.body) ? request.body : undefined),
    );
  });

  app.get('/v1/pki/ca/:id/ocsp/*', { config: { public: true, action: 'pki_ocsp' } }, (request, reply) => {
    const path = request.url.split('?')[0]!;
    const segment = path.slice(path.indexOf('/ocsp/') + '/ocsp/'.length);
    return ocsp(request, reply, ocspRequestFromGetPath(segment));
  });
}
