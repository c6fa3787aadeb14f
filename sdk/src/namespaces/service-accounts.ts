// client.serviceAccounts: non-human identities and their API keys. These routes are not in the
// vendor docs; their shapes are decided in docs/api-decisions.md "Service accounts and API keys".
import { omitUndefined } from '../omit-undefined.js';
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isServiceAccount = s.object({
  id: s.string,
  name: s.string,
  description: s.optional(s.string),
  roles: s.optional(s.stringArray),
  identity_id: s.optional(s.string),
  status: s.optional(s.string),
  created_at: s.optional(s.string),
});
export type ServiceAccount = s.ShapeOf<typeof isServiceAccount>;
const isServiceAccountList = s.cursorList('service_accounts', isServiceAccount);
export type ServiceAccountList = s.ShapeOf<typeof isServiceAccountList>;

const keyFields = {
  id: s.string,
  service_account_id: s.optional(s.string),
  name: s.optional(s.string),
  prefix: s.optional(s.string),
  created_at: s.optional(s.string),
  expires_at: s.optional(s.string),
  last_used_at: s.optional(s.string),
};
const isApiKey = s.object(keyFields);
export type ApiKey = s.ShapeOf<typeof isApiKey>;
const isApiKeyList = s.plainList('keys', isApiKey);
export type ApiKeyList = s.ShapeOf<typeof isApiKeyList>;

/** A key just created: `key` is the plaintext, returned this once and never again. */
const isCreatedApiKey = s.object({ ...keyFields, key: s.string });
export type CreatedApiKey = s.ShapeOf<typeof isCreatedApiKey>;

export interface ServiceAccountInput {
  name: string;
  description?: string;
  roles: string[];
}

export class ServiceAccountsNamespace {
  constructor(private readonly http: Transport) {}

  private at(id: string, suffix = ''): string {
    return `/v1/service-accounts/${encodeSegment(id)}${suffix}`;
  }

  create(account: ServiceAccountInput, options: CallOptions = {}): Promise<ServiceAccount> {
    return this.http.json(
      { ...options, method: 'POST', path: '/v1/service-accounts', body: omitUndefined({ ...account }) },
      isServiceAccount,
    );
  }

  list(options: CallOptions & PageOptions = {}): Promise<ServiceAccountList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/service-accounts', query }, isServiceAccountList);
  }

  listAll(options: CallOptions & { limit?: number } = {}): AsyncGenerator<ServiceAccount, void, undefined> {
    return followCursor('service_accounts', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<ServiceAccount> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id) }, isServiceAccount);
  }

  update(id: string, changes: Partial<ServiceAccountInput>, options: CallOptions = {}): Promise<ServiceAccount> {
    return this.http.json({ ...options, method: 'PATCH', path: this.at(id), body: changes }, isServiceAccount);
  }

  /** Deletes the account and every key it has. */
  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: this.at(id) });
  }

  /**
   * Creates an API key. The plaintext `key` is in this response only: store it before anything
   * else can fail. Pass an `idempotencyKey` to make a retry safe (it returns the same key).
   */
  createKey(id: string, key: { name: string; expires_in?: string }, options: CallOptions = {}): Promise<CreatedApiKey> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/keys'), body: omitUndefined({ ...key }) }, isCreatedApiKey);
  }

  /** The account's keys, without their plaintext. */
  listKeys(id: string, options: CallOptions = {}): Promise<ApiKeyList> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id, '/keys') }, isApiKeyList);
  }

  deleteKey(id: string, keyId: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: this.at(id, `/keys/${encodeSegment(keyId)}`) });
  }
}
