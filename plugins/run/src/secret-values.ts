import { NotFoundError } from '@scaivault/core';
import type { ScaiVaultClient } from '@scaivault/core/sdk';
import type { LeaseKeeper } from './lease-keeper.js';
import { variableNameFor, type EnvBinding } from './references.js';

/** What goes into the program's environment, and which secrets it came from. */
export interface InjectionPlan {
  /** `--from` paths, with the prefix their fields get. */
  from: { path: string; prefix: string }[];
  /** `--env-file` then `--env` bindings; a later binding of a name replaces an earlier one. */
  bindings: EnvBinding[];
}

/** The stored secrets the plan reads (not the dynamic ones): what `--watch` subscribes to. */
export function watchedPaths(plan: InjectionPlan): string[] {
  const paths = new Set<string>(plan.from.map((from) => from.path));
  for (const binding of plan.bindings) if (binding.reference.kind === 'secret') paths.add(binding.reference.path);
  return [...paths];
}

/** An environment variable holds text: strings as they are, anything else as its JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Reads every referenced secret once (each path once, in parallel) and the dynamic credentials
 * (one lease per engine and role, kept by `leases`), and answers the variables in precedence
 * order: `--from` fields, then `--env-file`, then `--env`. A missing secret or field is exit 4.
 */
export async function resolveValues(client: ScaiVaultClient, plan: InjectionPlan, leases: LeaseKeeper): Promise<Map<string, string>> {
  const secrets = new Map<string, Promise<Record<string, unknown>>>();
  const read = (path: string) => {
    let pending = secrets.get(path);
    if (!pending) {
      pending = client.secrets.read(path).then((secret) => secret.data);
      // Awaited below in order; a rejection must not count as unhandled meanwhile.
      pending.catch(() => undefined);
      secrets.set(path, pending);
    }
    return pending;
  };
  for (const from of plan.from) void read(from.path);
  for (const binding of plan.bindings) if (binding.reference.kind === 'secret') void read(binding.reference.path);

  const values = new Map<string, string>();
  for (const from of plan.from) {
    for (const [field, value] of Object.entries(await read(from.path))) values.set(variableNameFor(field, from.prefix), asText(value));
  }
  for (const { name, reference } of plan.bindings) {
    const data = reference.kind === 'secret' ? await read(reference.path) : await leases.credentials(reference.engine, reference.role);
    if (!Object.hasOwn(data, reference.field)) {
      const source = reference.kind === 'secret' ? reference.path : `the ${reference.engine}/${reference.role} credential`;
      throw new NotFoundError(
        `${source} has no field ${JSON.stringify(reference.field)} (for ${name})`,
        `fields: ${Object.keys(data).join(', ') || 'none'}`,
      );
    }
    values.set(name, asText(data[reference.field]));
  }
  return values;
}

/** Whether two resolutions give the program the same environment. */
export function sameValues(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, value] of a) if (b.get(name) !== value) return false;
  return true;
}
