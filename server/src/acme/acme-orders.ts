import type { Selectable, Updateable } from 'kysely';
import type { Store } from '../storage/store.js';
import type { Actor } from '../shared/actor.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { conflict, notFound } from '../http/api-error.js';
import type { AcmeOrdersTable } from './acme-tables.js';
import type { AcmeCertificateStore } from './issued-certificates.js';
import { pemBlocks } from './issued-certificates.js';

export type OrderRow = Selectable<AcmeOrdersTable>;
export const ORDER_STATUSES = ['pending', 'processing', 'valid', 'invalid'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The challenge types an order can answer. */
export const CHALLENGE_TYPES = ['dns-01', 'http-01'] as const;
export type ChallengeType = (typeof CHALLENGE_TYPES)[number];

/**
 * A TXT value (dns-01) or an http-01 token the order placed and has not removed yet, kept on the row
 * so a crash leaves a trace to clean. For a token, `name` is the domain and `value` the key authorization.
 */
export interface WrittenRecord {
  provider_id: string;
  zone: string;
  name: string;
  value: string;
  /** http-01 only: the token the file is served under. */
  token?: string;
}

/** An order's problem, in RFC 7807 shape: the CA's own when it gave one. */
export interface OrderProblem {
  type: string;
  detail: string;
  status?: number;
}

export interface NewOrder {
  accountId: string;
  domains: string[];
  challengeType: ChallengeType;
  dnsProviderId: string | undefined;
  csrPem: string | undefined;
  autoRenew: boolean;
  renewalOf: string | null;
}

/** How long an instance may hold an order before another may take it over (its holder died). */
export const CLAIM_EXPIRY_MS = 15 * 60_000;

/** ACME orders (`ord_...`): what was asked, where it stands, and what it produced. */
export class AcmeOrders {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly certificates: AcmeCertificateStore,
  ) {}

  async create(actor: Actor, order: NewOrder): Promise<OrderRow> {
    const now = this.clock();
    const row: Omit<OrderRow, 'seq'> = {
      id: newId('ord'),
      tenant_id: actor.tenantId,
      account_id: order.accountId,
      domains: JSON.stringify(order.domains),
      challenge_type: order.challengeType,
      dns_provider_id: order.dnsProviderId ?? null,
      csr_pem: order.csrPem ?? null,
      auto_renew: order.autoRenew ? 1 : 0,
      renewal_of: order.renewalOf,
      status: 'pending',
      stage: 'queued',
      problem: null,
      dns_records: '[]',
      certificate_id: null,
      claimed_at: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
      created_by: actor.identity.id,
    };
    await this.store.db.insertInto('acme_orders').values(row).execute();
    this.store.announce('acme-orders');
    return (await this.row(actor.tenantId, row.id))!;
  }

  async row(tenantId: string, id: string): Promise<OrderRow | undefined> {
    return this.store.db.selectFrom('acme_orders').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  async get(tenantId: string, id: string): Promise<Record<string, unknown>> {
    return this.view(await this.existing(tenantId, id));
  }

  /** The tenant's orders, newest first, `limit + 1` of them (the caller pages). */
  async list(
    tenantId: string,
    filter: { status?: OrderStatus | undefined; accountId?: string | undefined },
    before: number | undefined,
    limit: number,
  ): Promise<OrderRow[]> {
    let query = this.store.db.selectFrom('acme_orders').selectAll().where('tenant_id', '=', tenantId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
    if (before !== undefined) query = query.where('seq', '<', before);
    return query
      .orderBy('seq', 'desc')
      .limit(limit + 1)
      .execute();
  }

  /**
   * The order's certificate, chain and (when the server made it) private key: a separate read, so
   * polling an order never carries key material. `409 invalid_state` until the order is `valid`.
   */
  async certificate(tenantId: string, id: string): Promise<Record<string, unknown>> {
    const row = await this.existing(tenantId, id);
    const certificate = row.certificate_id ? await this.certificates.get(tenantId, row.certificate_id) : undefined;
    if (!certificate)
      throw conflict('invalid_state', `ACME order ${id} is ${row.status}: it has no certificate yet`, { status: row.status });
    const key = this.certificates.privateKey(certificate);
    return {
      certificate_id: certificate.id,
      order_id: row.id,
      serial_number: certificate.serial_number,
      not_before: iso(certificate.not_before),
      not_after: iso(certificate.not_after),
      certificate: certificate.certificate_pem,
      ca_chain: pemBlocks(certificate.chain_pem),
      ...(key === undefined ? {} : { private_key: key }),
    };
  }

  private async existing(tenantId: string, id: string): Promise<OrderRow> {
    const row = await this.row(tenantId, id);
    if (!row) throw notFound('acme_order_not_found', `ACME order not found: ${id}`, { id });
    return row;
  }

  /** The newest renewal order of a certificate, if any. */
  async latestRenewal(certificateId: string): Promise<OrderRow | undefined> {
    return this.store.db
      .selectFrom('acme_orders')
      .selectAll()
      .where('renewal_of', '=', certificateId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Orders no instance holds (or whose holder stopped answering long ago), oldest first. */
  async waiting(limit: number): Promise<OrderRow[]> {
    return this.store.db
      .selectFrom('acme_orders')
      .selectAll()
      .where('status', 'in', ['pending', 'processing'])
      .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', this.clock() - CLAIM_EXPIRY_MS)]))
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  /** Takes the order for this instance; false when another got there first (two instances both acting as leader). */
  async claim(row: OrderRow): Promise<boolean> {
    const result = await this.store.db
      .updateTable('acme_orders')
      .set({ claimed_at: this.clock() })
      .where('id', '=', row.id)
      .where((eb) => (row.claimed_at === null ? eb('claimed_at', 'is', null) : eb('claimed_at', '=', row.claimed_at)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(id: string): Promise<void> {
    await this.store.db.updateTable('acme_orders').set({ claimed_at: null }).where('id', '=', id).execute();
  }

  async update(id: string, changes: Updateable<AcmeOrdersTable>): Promise<void> {
    await this.store.db
      .updateTable('acme_orders')
      .set({ ...changes, updated_at: this.clock() })
      .where('id', '=', id)
      .execute();
  }

  async view(row: OrderRow): Promise<Record<string, unknown>> {
    const certificate = row.certificate_id ? await this.certificates.get(row.tenant_id, row.certificate_id) : undefined;
    return {
      id: row.id,
      account_id: row.account_id,
      domains: JSON.parse(row.domains) as string[],
      challenge_type: row.challenge_type,
      dns_provider_id: row.dns_provider_id,
      status: row.status,
      stage: row.stage,
      error: row.problem === null ? null : (JSON.parse(row.problem) as OrderProblem),
      auto_renew: row.auto_renew === 1,
      renewal_of: row.renewal_of,
      // TXT values that could not be removed: what an operator must clean by hand.
      ...(row.dns_records !== '[]' && (row.status === 'valid' || row.status === 'invalid')
        ? { dns_records_left: (JSON.parse(row.dns_records) as WrittenRecord[]).map((record) => record.name) }
        : {}),
      certificate_id: row.certificate_id,
      serial_number: certificate?.serial_number ?? null,
      not_after: iso(certificate?.not_after ?? null),
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
      completed_at: iso(row.completed_at),
      created_by: row.created_by,
    };
  }
}
