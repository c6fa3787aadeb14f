// The CSR review workflow: a requester submits a CSR (the key stays with them), an administrator
// approves or rejects it, and an approved one is signed by a chosen CA. Each change is an event.
import type { Store } from '../storage/store.js';
import type { EventBus } from '../events/event-bus.js';
import type { Actor } from '../shared/actor.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { checkValidityDays, parseCsr } from '../crypto/ca-engine/index.js';
import { csrNotFound, engine, invalidState } from './pki-errors.js';
import { csrView, type CsrRow } from './pki-views.js';
import type { CertificateAuthorities } from './certificate-authorities.js';
import { defaultRoleOf, type IssuedAnswer, type IssuedCertificates } from './issued-certificates.js';

export const CSR_STATUSES = ['pending', 'approved', 'rejected', 'signed'] as const;
export type CsrStatus = (typeof CSR_STATUSES)[number];

export class CertificateRequests {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly cas: CertificateAuthorities,
    private readonly certificates: IssuedCertificates,
  ) {}

  async submit(actor: Actor, csrPem: string, comment: string | undefined): Promise<CsrRow> {
    // Read (and its signature checked) now, so a request that could never be signed is refused at once.
    const csr = await engine(() => parseCsr(csrPem));
    const row = {
      id: newId('csr'),
      tenant_id: actor.tenantId,
      status: 'pending' as const,
      csr_pem: csrPem,
      common_name: csr.commonName ?? null,
      alt_names: JSON.stringify(csr.requestedDnsNames),
      ip_sans: JSON.stringify(csr.requestedIpAddresses),
      comment: comment ?? null,
      requested_by: actor.identity.id,
      created_at: this.clock(),
      reviewed_by: null,
      reviewed_at: null,
      review_reason: null,
      certificate_id: null,
    };
    await this.store.transaction(async () => {
      await this.store.db.insertInto('pki_csrs').values(row).execute();
      await this.emit(actor, 'csr.submitted', row);
    });
    return this.get(actor.tenantId, row.id);
  }

  async list(tenantId: string, status: CsrStatus | undefined, after: number | undefined, limit: number): Promise<CsrRow[]> {
    let query = this.store.db.selectFrom('pki_csrs').selectAll().where('tenant_id', '=', tenantId);
    if (status !== undefined) query = query.where('status', '=', status);
    if (after !== undefined) query = query.where('seq', '>', after);
    return query
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
  }

  async get(tenantId: string, id: string): Promise<CsrRow> {
    const row = await this.store.db.selectFrom('pki_csrs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.tenant_id !== tenantId) throw csrNotFound(id);
    return row;
  }

  view(row: CsrRow): Record<string, unknown> {
    return csrView(row);
  }

  approve(actor: Actor, id: string): Promise<CsrRow> {
    return this.review(actor, id, 'approved', undefined);
  }

  reject(actor: Actor, id: string, reason: string | undefined): Promise<CsrRow> {
    return this.review(actor, id, 'rejected', reason);
  }

  private async review(actor: Actor, id: string, status: 'approved' | 'rejected', reason: string | undefined): Promise<CsrRow> {
    await this.store.transaction(async () => {
      await this.store.lock(`pki-csr:${id}`);
      const row = await this.get(actor.tenantId, id);
      if (row.status !== 'pending')
        throw invalidState(`the CSR ${id} is ${row.status}; only a pending CSR can be ${status}`, { csr_id: id, status: row.status });
      const changes = { status, reviewed_by: actor.identity.id, reviewed_at: this.clock(), review_reason: reason ?? null };
      await this.store.db.updateTable('pki_csrs').set(changes).where('id', '=', id).execute();
      await this.emit(actor, `csr.${status}`, { ...row, ...changes });
    });
    return this.get(actor.tenantId, id);
  }

  /** Signs an approved CSR under `caId`'s default role; the CSR becomes `signed`. */
  async sign(actor: Actor, id: string, caId: string, validityDays: number | undefined): Promise<IssuedAnswer> {
    const ttl = validityDays === undefined ? undefined : `${(await engine(() => checkValidityDays(validityDays))) * 24}h`;
    return this.store.transaction(async () => {
      await this.store.lock(`pki-csr:${id}`);
      const row = await this.get(actor.tenantId, id);
      if (row.status !== 'approved')
        throw invalidState(`the CSR ${id} is ${row.status}; only an approved CSR can be signed`, { csr_id: id, status: row.status });
      const ca = await this.cas.get(actor.tenantId, caId);
      const issued = await this.certificates.sign(
        actor,
        ca,
        defaultRoleOf(ca, 'sign'),
        { csrPem: row.csr_pem, ...(ttl === undefined ? {} : { ttl }) },
        { roleName: null, csrId: id },
      );
      const changes = { status: 'signed' as const, certificate_id: issued.id };
      await this.store.db.updateTable('pki_csrs').set(changes).where('id', '=', id).execute();
      await this.emit(actor, 'csr.signed', { ...row, ...changes });
      return issued;
    });
  }

  private async emit(actor: Actor, type: string, row: CsrRow | (Omit<CsrRow, 'seq'> & { seq?: number })): Promise<void> {
    await this.events.emit(actor, {
      type,
      data: {
        csr_id: row.id,
        status: row.status,
        common_name: row.common_name,
        alt_names: JSON.parse(row.alt_names) as string[],
        requested_by: row.requested_by,
        reviewed_by: row.reviewed_by,
        reviewed_at: iso(row.reviewed_at),
        certificate_id: row.certificate_id,
      },
    });
  }
}
