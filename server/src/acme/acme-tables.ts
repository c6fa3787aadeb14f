import type { Generated } from 'kysely';

declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    acme_accounts: AcmeAccountsTable;
    acme_orders: AcmeOrdersTable;
    acme_certificates: AcmeCertificatesTable;
  }
}

export interface AcmeAccountsTable {
  id: string;
  tenant_id: string;
  name: string;
  provider: string;
  environment: string;
  directory_url: string;
  email: string | null;
  /** PEM of the CAs trusted for this directory's HTTPS (custom CAs); null: the system's trust store. */
  ca_bundle: string | null;
  /** JSON `{account_key, eab?}` sealed under the master key; never returned. */
  sealed_key: Buffer;
  /** The account's URL at the CA (its `kid`). */
  account_url: string;
  created_at: number;
  created_by: string;
}

export interface AcmeOrdersTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  account_id: string;
  /** JSON array, in the order given. */
  domains: string;
  challenge_type: string;
  dns_provider_id: string | null;
  /** The caller's CSR; null: the server makes the key. */
  csr_pem: string | null;
  auto_renew: number;
  /** The certificate this order renews, for renewals. */
  renewal_of: string | null;
  /** `pending` → `processing` → `valid` | `invalid`. */
  status: string;
  /** What the order is doing now, in words (`waiting for DNS propagation`). */
  stage: string;
  /** JSON problem `{type, detail, status?}` of an invalid order. */
  problem: string | null;
  /** JSON `[{provider_id, zone, name, value}]`: TXT values written and not yet removed. */
  dns_records: string;
  certificate_id: string | null;
  /** When an instance took the order to run it; null: waiting for one. */
  claimed_at: number | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  created_by: string;
}

export interface AcmeCertificatesTable {
  id: string;
  tenant_id: string;
  order_id: string;
  account_id: string;
  common_name: string;
  alt_names: string;
  serial_number: string;
  not_before: number;
  not_after: number;
  certificate_pem: string;
  /** The issuer chain the CA sent after the leaf, PEM blocks concatenated. */
  chain_pem: string;
  /** The server-made key, sealed; null when the caller gave a CSR. */
  sealed_private_key: Buffer | null;
  auto_renew: number;
  /** The certificate that replaced this one on renewal. */
  renewed_by: string | null;
  created_at: number;
}
