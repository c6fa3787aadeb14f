// client.pki.dnsProviders: DNS APIs ScaiVault uses to answer dns-01 challenges.
// Credentials are write-only: the server stores them encrypted and never returns them.
import { followCursor, type PageOptions } from '../../pagination.js';
import * as s from '../../response-shape.js';
import { encodeSegment } from '../../secret-path.js';
import type { CallOptions, Transport } from '../../transport/transport.js';

/** The documented types, plus `exec` (a hook command configured on the server). */
export type DnsProviderType = 'scaidns' | 'cloudflare' | 'route53' | 'azure' | 'google' | 'digitalocean' | 'powerdns' | 'exec';

const isDnsProvider = s.object({
  id: s.string,
  name: s.optional(s.string),
  provider_type: s.optional(s.string),
  managed_zones: s.optional(s.stringArray),
  is_active: s.optional(s.boolean),
  config: s.optional(s.anyRecord),
  /** Names of the credential fields that are set (never their values). */
  credential_fields: s.optional(s.stringArray),
  created_at: s.optional(s.string),
});
export type DnsProvider = s.ShapeOf<typeof isDnsProvider>;
const isDnsProviderList = s.cursorList('providers', isDnsProvider);
export type DnsProviderList = s.ShapeOf<typeof isDnsProviderList>;

export interface DnsProviderInput {
  name: string;
  provider_type: DnsProviderType;
  credentials?: Record<string, string>;
  managed_zones: string[];
  config?: Record<string, unknown>;
  /** Refuse the create when the credentials cannot list the zones. */
  verify?: boolean;
}

/** What `PATCH` may change; credentials not given stay as stored, `config` is replaced as a whole. */
export interface DnsProviderChanges extends Partial<Omit<DnsProviderInput, 'provider_type'>> {
  /** `false` keeps the provider but no order uses it. */
  is_active?: boolean;
}

export class DnsProvidersNamespace {
  constructor(private readonly http: Transport) {}

  list(options: CallOptions & PageOptions = {}): Promise<DnsProviderList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/dns/providers', query }, isDnsProviderList);
  }

  listAll(options: CallOptions & { limit?: number } = {}): AsyncGenerator<DnsProvider, void, undefined> {
    return followCursor('providers', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<DnsProvider> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/dns/providers/${encodeSegment(id)}` }, isDnsProvider);
  }

  create(provider: DnsProviderInput, options: CallOptions = {}): Promise<DnsProvider> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/dns/providers', body: provider }, isDnsProvider);
  }

  update(id: string, changes: DnsProviderChanges, options: CallOptions = {}): Promise<DnsProvider> {
    return this.http.json({ ...options, method: 'PATCH', path: `/v1/dns/providers/${encodeSegment(id)}`, body: changes }, isDnsProvider);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: `/v1/dns/providers/${encodeSegment(id)}` });
  }
}
