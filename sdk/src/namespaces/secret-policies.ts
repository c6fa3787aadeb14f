// client.secretPolicies: value-generation recipes (passwords, API keys, key pairs) used by rotation
// and previews. Routes: 10-secrets-policies.md §2.9, §5; docs/api-decisions.md "Secret policies".
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

export type SecretPolicyType = 'password' | 'api_key' | 'oauth_client' | 'ssh_key' | 'custom';

const isGeneratorField = s.object({ name: s.string, generator: s.string, config: s.optional(s.anyRecord) });
export type GeneratorField = s.ShapeOf<typeof isGeneratorField>;

const isSecretPolicy = s.object({
  id: s.string,
  name: s.string,
  policy_type: s.optional(s.string),
  fields: s.optional(s.array(isGeneratorField)),
  is_active: s.optional(s.boolean),
  description: s.optional(s.string),
  created_at: s.optional(s.string),
  updated_at: s.optional(s.string),
});
export type SecretPolicy = s.ShapeOf<typeof isSecretPolicy>;
const isSecretPolicyList = s.cursorList('secret_policies', isSecretPolicy);
export type SecretPolicyList = s.ShapeOf<typeof isSecretPolicyList>;

const isCatalogEntry = s.object({ name: s.string, description: s.optional(s.string) });
const isSecretPolicyTypes = s.object({
  policy_types: s.array(isCatalogEntry),
  generators: s.optional(s.array(s.object({ name: s.string, config_keys: s.optional(s.stringArray) }))),
  charsets: s.optional(s.array(s.object({ name: s.string, characters: s.optional(s.string) }))),
});
export type SecretPolicyTypes = s.ShapeOf<typeof isSecretPolicyTypes>;

const isGeneratedPreview = s.object({ policy_id: s.optional(s.string), data: s.anyRecord });
export type GeneratedPreview = s.ShapeOf<typeof isGeneratedPreview>;

export interface GeneratorFieldInput {
  name: string;
  generator: 'random' | 'hex' | 'uuid' | 'template' | 'rsa_keypair' | 'ec_keypair' | 'ssh_keypair' | 'bcrypt_hash' | 'static';
  config?: Record<string, unknown>;
}

export interface SecretPolicyInput {
  name: string;
  policy_type: SecretPolicyType;
  fields: GeneratorFieldInput[];
  description?: string;
  is_active?: boolean;
}

export interface ListSecretPoliciesOptions extends CallOptions, PageOptions {
  policyType?: SecretPolicyType;
  includeInactive?: boolean;
}

export class SecretPoliciesNamespace {
  constructor(private readonly http: Transport) {}

  list(options: ListSecretPoliciesOptions = {}): Promise<SecretPolicyList> {
    const query = {
      policy_type: options.policyType,
      include_inactive: options.includeInactive,
      limit: options.limit,
      cursor: options.cursor,
    };
    return this.http.json({ ...options, method: 'GET', path: '/v1/secret-policies', query }, isSecretPolicyList);
  }

  listAll(options: Omit<ListSecretPoliciesOptions, 'cursor'> = {}): AsyncGenerator<SecretPolicy, void, undefined> {
    return followCursor('secret_policies', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<SecretPolicy> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/secret-policies/${encodeSegment(id)}` }, isSecretPolicy);
  }

  create(policy: SecretPolicyInput, options: CallOptions = {}): Promise<SecretPolicy> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/secret-policies', body: policy }, isSecretPolicy);
  }

  update(id: string, changes: Partial<SecretPolicyInput>, options: CallOptions = {}): Promise<SecretPolicy> {
    return this.http.json({ ...options, method: 'PATCH', path: `/v1/secret-policies/${encodeSegment(id)}`, body: changes }, isSecretPolicy);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: `/v1/secret-policies/${encodeSegment(id)}` });
  }

  /** The catalogue of policy types, generators and charsets. */
  types(options: CallOptions = {}): Promise<SecretPolicyTypes> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/secret-policies/types' }, isSecretPolicyTypes);
  }

  /** Runs the recipe and returns the values; nothing is stored. */
  generate(id: string, options: CallOptions = {}): Promise<GeneratedPreview> {
    return this.http.json({ ...options, method: 'POST', path: `/v1/secret-policies/${encodeSegment(id)}/generate` }, isGeneratedPreview);
  }
}
