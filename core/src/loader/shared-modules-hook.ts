// Module resolution hook (runs on Node's loader thread). Plugins that live outside the host's
// node_modules (installed or linked ones) must use the host's copy of the shared packages, so one
// process holds one copy of each: their imports of those packages resolve as if made by the host,
// and a package the host re-exports through a facade (e.g. `clipanion` → `@scaivault/core/clipanion`)
// resolves to that facade.

interface HookData {
  packages: string[];
  aliases: Record<string, string>;
  hostParentURL: string;
}

interface ResolveContext {
  parentURL?: string;
  conditions?: string[];
  importAttributes?: Record<string, string>;
}

type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; shortCircuit?: boolean }>;

let shared: HookData = { packages: [], aliases: {}, hostParentURL: '' };

export function initialize(data: HookData): void {
  shared = data;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  const alias = shared.aliases[specifier];
  if (alias !== undefined) return nextResolve(alias, { ...context, parentURL: shared.hostParentURL });
  const isShared = shared.packages.some((name) => specifier === name || specifier.startsWith(`${name}/`));
  if (isShared && context.parentURL !== shared.hostParentURL) {
    return nextResolve(specifier, { ...context, parentURL: shared.hostParentURL });
  }
  return nextResolve(specifier, context);
}
