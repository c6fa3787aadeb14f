// client.pki.acme: ScaiVault as an ACME client — accounts with public CAs and certificate orders.
import { omitUndefined } from '../../omit-undefined.js';
import { followCursor, type PageOptions } from '../../pagination.js';
import * as s from '../../response-shape.js';
import { encodeSegment } from '../../secret-path.js';
import type { CallOptions, Transport } from '../../transport/transport.js';

export type AcmeProvider = 'letsencrypt' | 'zerossl' | 'buypass' | 'google' | 'custom';
export type AcmeChallengeType = 'http-01' | 'dns-01' | 'tls-alpn-01';

const isAcmeAccount = s.object({
  id: s.string,
  name: s.optional(s.string),
  provider: s.optional(s.string),
  environment: s.optional(s.string),
  email: s.optional(s.string),
  status: s.optional(s.string),
  directory_url: s.optional(s.string),
  account_url: s.optional(s.string),
  has_ca_bundle: s.optional(s.boolean),
  created_at: s.optional(s.string),
});
export type AcmeAccount = s.ShapeOf<typeof isAcmeAccount>;
const isAcmeAccountList = s.cursorList('accounts', isAcmeAccount);
export type AcmeAccountList = s.ShapeOf<typeof isAcmeAccountList>;

const isAcmeOrder = s.object({
  id: s.string,
  account_id: s.optional(s.string),
  domains: s.optional(s.stringArray),
  challenge_type: s.optional(s.string),
  /** `pending` → `processing` → `valid`, or `invalid` with `error`. */
  status: s.string,
  /** What the order is doing now, in words (`waiting for DNS propagation`). */
  stage: s.optional(s.string),
  certificate_id: s.optional(s.string),
  serial_number: s.optional(s.string),
  not_after: s.optional(s.string),
  /** The CA's problem (RFC 7807 `type` and `detail`) of an `invalid` order. */
  error: s.optional(s.object({ type: s.string, detail: s.string, status: s.optional(s.number) })),
  renewal_of: s.optional(s.string),
  created_at: s.optional(s.string),
  updated_at: s.optional(s.string),
  completed_at: s.optional(s.string),
});
export type AcmeOrder = s.ShapeOf<typeof isAcmeOrder>;
const isAcmeOrderList = s.cursorList('orders', isAcmeOrder);
export type AcmeOrderList = s.ShapeOf<typeof isAcmeOrderList>;

const isAcmeCertificate = s.object({
  certificate_id: s.optional(s.string),
  certificate: s.string,
  ca_chain: s.optional(s.stringArray),
  not_after: s.optional(s.string),
  serial_number: s.optional(s.string),
  /** The key the server made for the order; absent when the order was given a CSR. */
  private_key: s.optional(s.string),
});
export type AcmeCertificate = s.ShapeOf<typeof isAcmeCertificate>;

export interface AcmeAccountInput {
  name: string;
  provider: AcmeProvider;
  environment: 'production' | 'staging';
  email?: string;
  /** Required for `custom`. */
  directory_url?: string;
  /** `custom` only: PEM of the CAs that sign the directory's HTTPS certificate (a private ACME CA). */
  ca_bundle?: string;
  /** For CAs that need external account binding (ZeroSSL, Google). */
  external_account_binding?: { kid: string; hmac_key: string };
}

export interface AcmeOrderFilter {
  status?: 'pending' | 'processing' | 'valid' | 'invalid';
  accountId?: string;
}

export interface AcmeOrderInput {
  account_id: string;
  domains: string[];
  challenge_type: AcmeChallengeType;
  dns_provider_id?: string;
  auto_renew?: boolean;
  /** PEM CSR whose names are exactly `domains`; without it the server makes the key. */
  csr?: string;
}

export class AcmeAccountsNamespace {
  constructor(private readonly http: Transport) {}

  register(account: AcmeAccountInput, options: CallOptions = {}): Promise<AcmeAccount> {
    return this.http.json(
      { ...options, method: 'POST', path: '/v1/pki/acme/accounts', body: omitUndefined({ ...account }) },
      isAcmeAccount,
    );
  }

  list(options: CallOptions = {}): Promise<AcmeAccountList> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/pki/acme/accounts' }, isAcmeAccountList);
  }

  get(id: string, options: CallOptions = {}): Promise<AcmeAccount> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/pki/acme/accounts/${encodeSegment(id)}` }, isAcmeAccount);
  }
}

export class AcmeOrdersNamespace {
  constructor(private readonly http: Transport) {}

  /** Places an order; poll `get` until `status` is `valid`, then fetch `certificate`. */
  create(order: AcmeOrderInput, options: CallOptions = {}): Promise<AcmeOrder> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/pki/acme/orders', body: omitUndefined({ ...order }) }, isAcmeOrder);
  }

  /** Newest first; `status` and `accountId` (an id or a name) narrow it. */
  list(options: CallOptions & PageOptions & AcmeOrderFilter = {}): Promise<AcmeOrderList> {
    const query = { limit: options.limit, cursor: options.cursor, status: options.status, account_id: options.accountId };
    return this.http.json({ ...options, method: 'GET', path: '/v1/pki/acme/orders', query }, isAcmeOrderList);
  }

  listAll(options: CallOptions & { limit?: number } & AcmeOrderFilter = {}): AsyncGenerator<AcmeOrder, void, undefined> {
    return followCursor('orders', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<AcmeOrder> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/pki/acme/orders/${encodeSegment(id)}` }, isAcmeOrder);
  }

  /** The issued certificate; a ConflictError (`invalid_state`) until the order is `valid`. */
  certificate(id: string, options: CallOptions = {}): Promise<AcmeCertificate> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/pki/acme/orders/${encodeSegment(id)}/certificate` }, isAcmeCertificate);
  }
}

export class AcmeNamespace {
  readonly accounts: AcmeAccountsNamespace;
  readonly orders: AcmeOrdersNamespace;

  constructor(http: Transport) {
    this.accounts = new AcmeAccountsNamespace(http);
    this.orders = new AcmeOrdersNamespace(http);
  }
}
