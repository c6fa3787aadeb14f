import type { Actor } from '../shared/actor.js';
import type { ApiError } from '../http/api-error.js';
import type { WriteResult, WriteSpec } from './secrets-service.js';

/** A change to a secret that an external source may refuse. */
export type ExternalChange = 'write' | 'delete' | 'metadata';

/**
 * What an external store (a federation backend) says about one path it maps. `read` is set when
 * the value lives only there (proxy: read through, nothing stored here); `write` when writes go
 * through to it; `refuse` answers every change it does not take.
 */
export interface ExternalClaim {
  backendId: string;
  read?(version: number | undefined): Promise<Record<string, unknown>>;
  write?(actor: Actor, spec: WriteSpec): Promise<WriteResult>;
  /** The error for a change this path does not take, or undefined when the local store takes it. */
  refuse(change: ExternalChange): ApiError | undefined;
}

export type ExternalResolver = (tenantId: string, path: string) => Promise<ExternalClaim | undefined> | ExternalClaim | undefined;

/**
 * Paths served by another area (federation registers its backends' path mappings), so the secrets
 * routes and writes reach them without the secrets area depending on the area that serves them.
 */
export class ExternalSources {
  private resolver: ExternalResolver | undefined;

  register(resolver: ExternalResolver): void {
    if (this.resolver) throw new Error('an external source resolver is registered twice');
    this.resolver = resolver;
  }

  async claim(tenantId: string, path: string): Promise<ExternalClaim | undefined> {
    return this.resolver ? await this.resolver(tenantId, path) : undefined;
  }
}
