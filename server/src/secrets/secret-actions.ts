import type { FastifyRequest } from 'fastify';
import type { Actor } from '../shared/actor.js';
import type { Permission } from '../policies/access-policies.js';

/** What `POST /v1/secrets/{path}/{action}` runs, once the caller holds `permission` on the path. */
export interface SecretAction {
  permission: Permission;
  run(request: FastifyRequest, actor: Actor, path: string): Promise<unknown>;
}

/**
 * Actions on a secret that other areas provide (rotation registers `rotate`), so the secrets
 * routes serve their URLs without depending on the areas that implement them.
 */
export class SecretActions {
  private readonly actions = new Map<string, SecretAction>();

  register(suffix: string, permission: Permission, run: SecretAction['run']): void {
    if (this.actions.has(suffix)) throw new Error(`the secret action '${suffix}' is registered twice`);
    this.actions.set(suffix, { permission, run });
  }

  get(suffix: string): SecretAction | undefined {
    return this.actions.get(suffix);
  }

  suffixes(): string[] {
    return [...this.actions.keys()];
  }
}
