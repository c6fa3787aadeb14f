// client.pki.roles: issuing rules (allowed names, TTLs, key shapes) that issue/sign check against.
import { followCursor, type PageOptions } from '../../pagination.js';
import * as s from '../../response-shape.js';
import { encodeSegment } from '../../secret-path.js';
import type { CallOptions, Transport } from '../../transport/transport.js';

const isPkiRole = s.object({
  name: s.string,
  ca_id: s.optional(s.string),
  allowed_domains: s.optional(s.stringArray),
  allow_subdomains: s.optional(s.boolean),
  allow_ip_sans: s.optional(s.boolean),
  max_ttl: s.optional(s.string),
  key_type: s.optional(s.string),
  key_bits: s.optional(s.number),
  require_cn: s.optional(s.boolean),
  store_private_keys: s.optional(s.boolean),
  ext_key_usage: s.optional(s.stringArray),
  created_at: s.optional(s.string),
});
export type PkiRole = s.ShapeOf<typeof isPkiRole>;
const isPkiRoleList = s.cursorList('roles', isPkiRole);
export type PkiRoleList = s.ShapeOf<typeof isPkiRoleList>;

export interface PkiRoleInput {
  name: string;
  ca_id: string;
  allowed_domains?: string[];
  allow_subdomains?: boolean;
  allow_ip_sans?: boolean;
  max_ttl?: string;
  /** `any` lets `sign` accept any supported CSR key; `issue` then makes EC P-256. */
  key_type?: 'rsa' | 'ec' | 'any';
  key_bits?: number;
  require_cn?: boolean;
  store_private_keys?: boolean;
  /** Default `["server_auth","client_auth"]`; also `code_signing`, `email_protection`. */
  ext_key_usage?: Array<'server_auth' | 'client_auth' | 'code_signing' | 'email_protection'>;
}

export class PkiRolesNamespace {
  constructor(private readonly http: Transport) {}

  list(options: CallOptions & PageOptions = {}): Promise<PkiRoleList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/pki/roles', query }, isPkiRoleList);
  }

  listAll(options: CallOptions & { limit?: number } = {}): AsyncGenerator<PkiRole, void, undefined> {
    return followCursor('roles', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(name: string, options: CallOptions = {}): Promise<PkiRole> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/pki/roles/${encodeSegment(name)}` }, isPkiRole);
  }

  create(role: PkiRoleInput, options: CallOptions = {}): Promise<PkiRole> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/pki/roles', body: role }, isPkiRole);
  }

  update(name: string, changes: Partial<PkiRoleInput>, options: CallOptions = {}): Promise<PkiRole> {
    return this.http.json({ ...options, method: 'PATCH', path: `/v1/pki/roles/${encodeSegment(name)}`, body: changes }, isPkiRole);
  }

  delete(name: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: `/v1/pki/roles/${encodeSegment(name)}` });
  }
}
