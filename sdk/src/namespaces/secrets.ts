// client.secrets (and client.partnerSecrets): read, write and manage secrets by path.
// Routes: /work/shared/scaivault-api/10-secrets-policies.md §2 and docs/api-decisions.md "Secrets".
import { omitUndefined } from '../omit-undefined.js';
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSecretPath } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

export type SecretType = 'kv' | 'json' | 'certificate' | 'ssh_key' | 'api_key';

// Custom metadata keys are part of the documented model, so they stay visible in the type.
const isSecretMetadata = s.openObject({ description: s.optional(s.string), tags: s.optional(s.stringArray), owner: s.optional(s.string) });
export type SecretMetadata = s.ShapeOf<typeof isSecretMetadata>;

const secretFields = {
  path: s.optional(s.string),
  secret_type: s.optional(s.string),
  metadata: s.optional(isSecretMetadata),
  created_at: s.optional(s.string),
  updated_at: s.optional(s.string),
  expires_at: s.optional(s.string),
  rotation_policy_id: s.optional(s.string),
  secret_policy_id: s.optional(s.string),
  last_accessed_at: s.optional(s.string),
};

/** A secret with its value, as `read` returns it. */
const isSecret = s.object({ ...secretFields, version: s.number, data: s.anyRecord });
export type Secret = s.ShapeOf<typeof isSecret>;

/** A secret without its value: what writes, lists and metadata reads return. */
const isSecretInfo = s.object({ ...secretFields, path: s.string, version: s.number, version_count: s.optional(s.number) });
export type SecretInfo = s.ShapeOf<typeof isSecretInfo>;

const isSecretSummary = s.object({ ...secretFields, path: s.string, version: s.optional(s.number) });
export type SecretSummary = s.ShapeOf<typeof isSecretSummary>;
const isSecretList = s.cursorList('secrets', isSecretSummary);
export type SecretList = s.ShapeOf<typeof isSecretList>;

const isExpiringSecret = s.object({
  path: s.string,
  expires_at: s.string,
  days_remaining: s.optional(s.number),
  expired: s.optional(s.boolean),
  version: s.optional(s.number),
  secret_type: s.optional(s.string),
});
export type ExpiringSecret = s.ShapeOf<typeof isExpiringSecret>;
const isExpiringList = s.cursorList('secrets', isExpiringSecret);
export type ExpiringSecretList = s.ShapeOf<typeof isExpiringList>;

const isSecretVersion = s.object({
  version: s.number,
  created_at: s.optional(s.string),
  created_by: s.optional(s.string),
  is_current: s.optional(s.boolean),
  readable_until: s.optional(s.string),
});
export type SecretVersion = s.ShapeOf<typeof isSecretVersion>;
const isSecretVersions = s.object({
  path: s.optional(s.string),
  current_version: s.optional(s.number),
  versions: s.array(isSecretVersion),
});
export type SecretVersions = s.ShapeOf<typeof isSecretVersions>;

const isSecretRotation = s.object({
  path: s.optional(s.string),
  old_version: s.optional(s.number),
  new_version: s.number,
  rotated_at: s.optional(s.string),
  auto_generated: s.optional(s.boolean),
});
export type SecretRotation = s.ShapeOf<typeof isSecretRotation>;

const isItemError = s.object({ code: s.string, message: s.optional(s.string) });
export type BatchItemError = s.ShapeOf<typeof isItemError>;

const isBatchSecret = s.object({
  version: s.number,
  data: s.anyRecord,
  secret_type: s.optional(s.string),
  metadata: s.optional(isSecretMetadata),
});
const isBatchRead = s.object({ secrets: s.record(isBatchSecret), errors: s.optional(s.record(isItemError)) });
export type BatchReadResult = s.ShapeOf<typeof isBatchRead>;

const isBatchMetadata = s.object({ secrets: s.record(isSecretSummary), errors: s.optional(s.record(isItemError)) });
export type BatchMetadataResult = s.ShapeOf<typeof isBatchMetadata>;

export type SecretMetadataInput = { description?: string; tags?: string[]; owner?: string } & Record<string, unknown>;

export interface ReadSecretOptions extends CallOptions {
  /** Read this version instead of the current one. */
  version?: number;
}

export interface WriteSecretOptions extends CallOptions {
  /** Default `kv`. */
  secretType?: SecretType;
  metadata?: SecretMetadataInput;
  /** Same as `metadata` (the name the vendor's JavaScript SDK uses). */
  customMetadata?: SecretMetadataInput;
  /** Versions to keep. */
  maxVersions?: number;
  /** Duration until the secret expires, e.g. `30d`. */
  expiresIn?: string;
  rotationPolicyId?: string;
  secretPolicyId?: string;
}

export interface DeleteSecretOptions extends CallOptions {
  /** Delete for good instead of the recoverable soft delete (CLI `--hard`). */
  permanent?: boolean;
}

export interface RotateSecretOptions extends CallOptions {
  /**
   * When the secret has no secret policy to generate its new value, replace each top-level field
   * with random characters instead of refusing (`400 generator_required`).
   */
  random?: boolean;
}

export interface ListSecretsOptions extends CallOptions, PageOptions {
  /** Plain string prefix, e.g. `environments/production/`. */
  prefix?: string;
}

export interface ExpiringSecretsOptions extends ListSecretsOptions {
  /** Secrets expiring within this many days (server default 30). */
  days?: number;
}

export interface BatchReadOptions extends CallOptions {
  includeMetadata?: boolean;
  failFast?: boolean;
  version?: number;
}

export class SecretsNamespace {
  constructor(
    private readonly http: Transport,
    /** `/v1/secrets`, or `/v1/partner/secrets` for partner-wide secrets. */
    private readonly base: string = '/v1/secrets',
  ) {}

  private at(path: string, suffix = ''): string {
    return `${this.base}/${encodeSecretPath(path)}${suffix}`;
  }

  /** The current value (or `options.version`). */
  read(path: string, options: ReadSecretOptions = {}): Promise<Secret> {
    return this.http.json({ ...options, method: 'GET', path: this.at(path), query: { version: options.version } }, isSecret);
  }

  /** Metadata without the value; needs only `list` permission. */
  readMetadata(path: string, options: CallOptions = {}): Promise<SecretInfo> {
    return this.http.json({ ...options, method: 'GET', path: this.at(path, '/metadata') }, isSecretInfo);
  }

  /** Writes a new version (the first write creates the secret). */
  write(path: string, data: Record<string, unknown>, options: WriteSecretOptions = {}): Promise<SecretInfo> {
    const settings = omitUndefined({
      max_versions: options.maxVersions,
      expires_in: options.expiresIn,
      rotation_policy_id: options.rotationPolicyId,
      secret_policy_id: options.secretPolicyId,
    });
    const body = omitUndefined({
      data,
      secret_type: options.secretType ?? 'kv',
      metadata: options.metadata ?? options.customMetadata,
      options: Object.keys(settings).length === 0 ? undefined : settings,
    });
    return this.http.json({ ...options, method: 'PUT', path: this.at(path), body }, isSecretInfo);
  }

  /**
   * With `data`, writes a new version; with `data` undefined, changes only the metadata (no new
   * version), as in `update(path, undefined, { customMetadata })`.
   */
  update(path: string, data: Record<string, unknown> | undefined, options: WriteSecretOptions = {}): Promise<SecretInfo> {
    if (data !== undefined) return this.write(path, data, options);
    const metadata = options.metadata ?? options.customMetadata;
    if (metadata === undefined) return Promise.reject(new TypeError('secrets.update needs data or metadata'));
    return this.updateMetadata(path, metadata, options);
  }

  /** Merges metadata keys into the stored metadata (a null value removes a key); no new version. */
  updateMetadata(path: string, metadata: SecretMetadataInput, options: CallOptions = {}): Promise<SecretInfo> {
    return this.http.json({ ...options, method: 'PATCH', path: this.at(path), body: { metadata } }, isSecretInfo);
  }

  /** Soft delete (recoverable with `restore`), or permanent with `{ permanent: true }`. */
  delete(path: string, options: DeleteSecretOptions = {}): Promise<void> {
    return this.http.discard({
      ...options,
      method: 'DELETE',
      path: this.at(path),
      query: { permanent: options.permanent === true ? true : undefined },
    });
  }

  /** Undoes a soft delete while the secret is still recoverable. */
  restore(path: string, options: CallOptions = {}): Promise<SecretInfo> {
    return this.http.json({ ...options, method: 'POST', path: this.at(path, '/restore') }, isSecretInfo);
  }

  /** One page of paths and metadata (no values). */
  list(options: ListSecretsOptions = {}): Promise<SecretList> {
    const query = { prefix: options.prefix, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: this.base, query }, isSecretList);
  }

  /** Every secret under `prefix`, following the cursor page by page. */
  listAll(options: Omit<ListSecretsOptions, 'cursor'> = {}): AsyncGenerator<SecretSummary, void, undefined> {
    return followCursor('secrets', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  /** The versions still kept, newest first. */
  versions(path: string, options: CallOptions = {}): Promise<SecretVersions> {
    return this.http.json({ ...options, method: 'GET', path: this.at(path, '/versions') }, isSecretVersions);
  }

  /**
   * Rotates one secret now with its secret policy (or its rotation policy's). Without one the
   * server refuses with `400 generator_required`, unless `random: true` asks for random values.
   */
  rotate(path: string, options: RotateSecretOptions = {}): Promise<SecretRotation> {
    return this.http.json(
      { ...options, method: 'POST', path: this.at(path, '/rotate'), ...(options.random ? { body: { random: true } } : {}) },
      isSecretRotation,
    );
  }

  /** Secrets whose `expires_at` falls within `days` days. */
  expiring(options: ExpiringSecretsOptions = {}): Promise<ExpiringSecretList> {
    const query = { days: options.days, prefix: options.prefix, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: `${this.base}/expiring`, query }, isExpiringList);
  }

  /** Reads up to 100 paths in one call; per-path failures come back in `errors`. */
  batchRead(paths: readonly string[], options: BatchReadOptions = {}): Promise<BatchReadResult> {
    const batchOptions = omitUndefined({
      include_metadata: options.includeMetadata,
      fail_fast: options.failFast,
      version: options.version,
    });
    const body = { paths, ...(Object.keys(batchOptions).length === 0 ? {} : { options: batchOptions }) };
    return this.http.json({ ...options, method: 'POST', path: `${this.base}/batch`, body }, isBatchRead);
  }

  /** Metadata for many paths; with `expandWildcards`, glob patterns are expanded by the server. */
  batchMetadata(paths: readonly string[], options: CallOptions & { expandWildcards?: boolean } = {}): Promise<BatchMetadataResult> {
    const body = omitUndefined({ paths, expand_wildcards: options.expandWildcards });
    return this.http.json({ ...options, method: 'POST', path: `${this.base}/batch/metadata`, body }, isBatchMetadata);
  }
}
