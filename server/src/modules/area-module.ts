import type { FastifyInstance } from 'fastify';
import type { Store } from '../storage/store.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import type { Clock } from '../shared/time.js';
import type { Migration } from '../storage/migrations.js';
import type { ServerSettings } from './server-settings.js';

/** What every area is given besides the areas it depends on: storage, sealing, time, settings, the log. */
export interface Core {
  clock: Clock;
  store: Store;
  sealer: SealedBox;
  settings: ServerSettings;
  log: (line: string) => void;
  startedAt: number;
}

/**
 * The service each area hands to the areas that depend on it, by area name. Each area adds its
 * own entry from its module file (`declare module '../modules/area-module.js'`), so adding an area
 * touches no file outside its folder but the area list.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging, one entry per area
export interface AreaServices {}

export type AreaName = keyof AreaServices & string;

/** The services of the areas listed in `D`, and no others. */
export type DependenciesOf<D extends AreaName> = { readonly [K in D]: AreaServices[K] };

/**
 * One area of the server: its tables (named migrations), how its service is made from the areas
 * it declares, its routes and its background work. Methods, not function properties, so modules
 * of different areas fit in one list.
 */
export interface AreaModule<N extends AreaName = AreaName, D extends AreaName = AreaName> {
  name: N;
  /** Areas whose services `create` and `routes` receive; checked at start-up, created first. */
  dependsOn: readonly D[];
  /** Applied in order, each once, recorded in the migrations table under this area's name. */
  migrations: readonly Migration[];
  create(deps: DependenciesOf<D>, core: Core): AreaServices[N];
  routes?(app: FastifyInstance, service: AreaServices[N], deps: DependenciesOf<D>, core: Core): void;
  /** Background work, started once the server accepts requests. */
  start?(service: AreaServices[N], core: Core): void;
  /** Before the HTTP server closes: stop background work, release held requests. */
  stop?(service: AreaServices[N]): Promise<void> | void;
  /** After the last request: write out what is batched. */
  flush?(service: AreaServices[N]): Promise<void> | void;
}

/** Declares an area module; the type parameters come from the object itself. */
export function defineArea<N extends AreaName, D extends AreaName = never>(module: AreaModule<N, D>): AreaModule<N, D> {
  return module;
}
