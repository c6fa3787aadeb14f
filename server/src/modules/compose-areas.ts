import type { FastifyInstance } from 'fastify';
import type { AreaModule, AreaName, AreaServices, Core } from './area-module.js';

/** The area list cannot make a server: a name twice, a dependency missing, or a cycle. */
export class AreaListError extends Error {}

/**
 * The areas in an order where each comes after everything it depends on (otherwise in list
 * order). Checked at start-up, so a wrong list fails before anything is opened.
 */
export function orderAreas(modules: readonly AreaModule[]): AreaModule[] {
  const byName = new Map<string, AreaModule>();
  for (const module of modules) {
    if (byName.has(module.name)) throw new AreaListError(`the area '${module.name}' is listed twice`);
    byName.set(module.name, module);
  }
  for (const module of modules) {
    for (const dependency of module.dependsOn) {
      if (!byName.has(dependency))
        throw new AreaListError(`the area '${module.name}' depends on '${dependency}', which is not in the area list`);
    }
  }
  const ordered: AreaModule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (module: AreaModule, chain: string[]): void => {
    const seen = state.get(module.name);
    if (seen === 'done') return;
    if (seen === 'visiting')
      throw new AreaListError(
        `the areas depend on each other in a cycle: ${[...chain.slice(chain.indexOf(module.name)), module.name].join(' → ')}`,
      );
    state.set(module.name, 'visiting');
    for (const dependency of module.dependsOn) visit(byName.get(dependency)!, [...chain, module.name]);
    state.set(module.name, 'done');
    ordered.push(module);
  };
  for (const module of modules) visit(module, []);
  return ordered;
}

/** The areas of one server, created: each service made from only the areas its module declares. */
export class ComposedAreas {
  private readonly services = new Map<string, unknown>();

  constructor(
    readonly modules: readonly AreaModule[],
    readonly core: Core,
  ) {
    for (const module of modules) this.services.set(module.name, module.create(this.dependenciesOf(module), core));
  }

  /** The service of area `name`; the HTTP layer asks for the few it is built on (auth, audit). */
  service<N extends AreaName>(name: N): AreaServices[N] {
    if (!this.services.has(name)) throw new AreaListError(`the area '${name}' is not in the area list`);
    return this.services.get(name) as AreaServices[N];
  }

  registerRoutes(app: FastifyInstance): void {
    for (const module of this.modules)
      module.routes?.(app, this.services.get(module.name) as never, this.dependenciesOf(module), this.core);
  }

  start(): void {
    for (const module of this.modules) module.start?.(this.services.get(module.name) as never, this.core);
  }

  /** Stops background work, dependents before what they depend on. */
  async stop(): Promise<void> {
    for (const module of [...this.modules].reverse()) await module.stop?.(this.services.get(module.name) as never);
  }

  async flush(): Promise<void> {
    for (const module of [...this.modules].reverse()) await module.flush?.(this.services.get(module.name) as never);
  }

  private dependenciesOf(module: AreaModule): never {
    return Object.fromEntries(module.dependsOn.map((name) => [name, this.services.get(name)])) as never;
  }
}
