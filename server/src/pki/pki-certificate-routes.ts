import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessControl } from '../policies/access-control.js';
import type { PkiService } from './pki-area.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, booleanQuery, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { toPem } from '../crypto/ca-engine/index.js';
import { pkiDuration } from './pki-durations.js';
import { readLeafRequest, readReason } from './pki-request-fields.js';
import { rolePolicy, type RoleSpec } from './pki-roles.js';
import { roleView } from './pki-views.js';

const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name]!;

function readRoleSpec(body: unknown, create: boolean): RoleSpec {
  const fields = new BodyReader(body);
  const spec: RoleSpec = {
    name: create ? fields.requiredString('name', { max: 128 }) : fields.optionalString('name', { max: 128 }),
    ca_id: create ? fields.requiredString('ca_id', { max: 128 }) : fields.optionalString('ca_id', { max: 128 }),
    allowed_domains: fields.optionalStringArray('allowed_domains'),
    allow_subdomains: fields.optionalBoolean('allow_subdomains'),
    allow_ip_sans: fields.optionalBoolean('allow_ip_sans'),
    max_ttl: fields.raw('max_ttl') === undefined || fields.raw('max_ttl') === null ? undefined : (fields.raw('max_ttl') as string),
    key_type: fields.optionalString('key_type', { max: 16 }),
    key_bits: fields.optionalInteger('key_bits', 1, 1_000_000),
    require_cn: fields.optionalBoolean('require_cn'),
    store_private_keys: fields.optionalBoolean('store_private_keys'),
    ext_key_usage: fields.optionalStringArray('ext_key_usage'),
  };
  fields.finish();
  return spec;
}

export function registerCertificateRoutes(app: FastifyInstance, { cas, roles, certificates }: PkiService, access: AccessControl): void {
  app.get('/v1/pki/roles', { config: { action: 'pki_role_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await roles.list(actor.tenantId, decodeCursor<string>(query.cursor, 'string'), limit);
    const result = page(rows, limit, (row) => row.name);
    return { roles: result.items.map(roleView), cursor: result.cursor, has_more: result.has_more };
  });

  app.post('/v1/pki/roles', { config: { action: 'pki_role_create', rate: 'pki_admin' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const spec = readRoleSpec(request.body, true);
    reply.code(201);
    return roles.create(actor.tenantId, spec as RoleSpec & { name: string; ca_id: string });
  });

  app.get('/v1/pki/roles/:name', { config: { action: 'pki_role_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    return roleView(await roles.get(actor.tenantId, param(request, 'name')));
  });

  app.patch('/v1/pki/roles/:name', { config: { action: 'pki_role_update', rate: 'pki_admin' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    return roles.update(actor.tenantId, param(request, 'name'), readRoleSpec(request.body, false));
  });

  app.delete('/v1/pki/roles/:name', { config: { action: 'pki_role_delete', rate: 'pki_admin' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    await roles.delete(actor.tenantId, param(request, 'name'));
    reply.code(204);
  });

  app.post('/v1/pki/issue/:role', { config: { action: 'pki_issue', rate: 'pki' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:issue');
    const leaf = readLeafRequest(new BodyReader(request.body), { allowValidityDays: true });
    const role = await roles.get(actor.tenantId, param(request, 'role'));
    const ca = await cas.get(actor.tenantId, role.ca_id);
    const issued = await certificates.issue(actor, ca, rolePolicy(role), leaf, {
      roleName: role.name,
      storePrivateKey: role.store_private_keys === 1,
    });
    Object.assign(request.ctx.auditExtra, {
      role: role.name,
      ca_id: ca.id,
      certificate_id: issued.id,
      serial_number: issued.serial_number,
    });
    reply.code(201);
    return issued;
  });

  app.post('/v1/pki/sign/:role', { config: { action: 'pki_sign', rate: 'pki' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:issue');
    const fields = new BodyReader(request.body);
    const csrPem = fields.requiredString('csr_pem', { max: 64 * 1024 });
    const overrides = readLeafRequest(fields, { allowValidityDays: true });
    const role = await roles.get(actor.tenantId, param(request, 'role'));
    const ca = await cas.get(actor.tenantId, role.ca_id);
    const issued = await certificates.sign(actor, ca, rolePolicy(role), { csrPem, ...overrides }, { roleName: role.name, csrId: null });
    Object.assign(request.ctx.auditExtra, {
      role: role.name,
      ca_id: ca.id,
      certificate_id: issued.id,
      serial_number: issued.serial_number,
    });
    reply.code(201);
    return issued;
  });

  app.get('/v1/pki/certificates', { config: { action: 'pki_cert_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await certificates.list(actor.tenantId, {
      caId: query.ca_id === '' ? undefined : query.ca_id,
      expiringWithinMs:
        query.expiring_within === undefined ? undefined : pkiDuration(query.expiring_within, 'expiring_within').seconds * 1000,
      includeRevoked: booleanQuery(query.include_revoked, false),
      after: decodeCursor<number>(query.cursor, 'number'),
      limit,
    });
    const result = page(rows, limit, (row) => row.seq);
    return { certificates: result.items.map((row) => certificates.view(row)), cursor: result.cursor, has_more: result.has_more };
  });

  app.get('/v1/pki/certificates/:id', { config: { action: 'pki_cert_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    return certificates.view(await certificates.get(actor.tenantId, param(request, 'id')));
  });

  app.get('/v1/pki/certificates/:id/pem', { config: { action: 'pki_cert_read' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    const row = await certificates.get(actor.tenantId, param(request, 'id'));
    return reply.type('application/x-pem-file').send(toPem(Buffer.from(row.certificate_der), 'CERTIFICATE'));
  });

  app.post('/v1/pki/certificates/:id/revoke', { config: { action: 'pki_revoke', rate: 'pki_admin' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const reason = readReason(request.body);
    const row = await certificates.revoke(actor, param(request, 'id'), reason);
    Object.assign(request.ctx.auditExtra, { certificate_id: row.id, ca_id: row.ca_id, serial_number: row.serial_number, reason });
    return certificates.view(row);
  });
}
