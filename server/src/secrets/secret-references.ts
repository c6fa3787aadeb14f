import { notFound } from '../http/api-error.js';

/** The records of other areas a secret may name. */
export type SecretReferenceKind = 'rotation_policy' | 'secret_policy';

const NOT_FOUND: Record<SecretReferenceKind, { code: string; what: string }> = {
  rotation_policy: { code: 'rotation_policy_not_found', what: 'Rotation policy' },
  secret_policy: { code: 'secret_policy_not_found', what: 'Secret policy' },
};

/**
 * Existence checks for the ids a secret names, registered by the areas that own those records
 * (rotation, secret policies), so the secrets area reads none of their tables. An id of a kind no
 * area registered cannot exist.
 */
export class SecretReferences {
  private readonly checks = new Map<SecretReferenceKind, (tenantId: string, id: string) => Promise<boolean>>();

  register(kind: SecretReferenceKind, exists: (tenantId: string, id: string) => Promise<boolean>): void {
    this.checks.set(kind, exists);
  }

  /** Throws the documented 404 unless the record exists in the tenant. */
  async require(kind: SecretReferenceKind, tenantId: string, id: string): Promise<void> {
    const exists = this.checks.get(kind);
    if (exists && (await exists(tenantId, id))) return;
    const { code, what } = NOT_FOUND[kind];
    throw notFound(code, `${what} '${id}' not found`, { id });
  }
}
