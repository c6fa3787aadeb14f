import type { Compilable, Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';

/** Where a named parameter goes in a prepared query; stands in for its value while the query is built. */
class Param {
  constructor(readonly name: string) {}
}

/** The parameters of a prepared query, typed as the values they stand for. */
export type Params<P> = { readonly [K in keyof P]: P[K] };

/**
 * A query written once with Kysely against named parameters, compiled once per store (for that
 * store's engine) and then run with values bound by position: the hot statements pay neither
 * for building nor for compiling the query on every call.
 */
export class PreparedQuery<P extends object, R> {
  constructor(private readonly build: (db: Kysely<DatabaseSchema>, p: Params<P>) => Compilable<R>) {}

  /** The SQL and, for each position, the parameter name or the constant value it binds. */
  compile(db: Kysely<DatabaseSchema>): { sql: string; bindings: ({ name: string } | { value: unknown })[] } {
    const params = new Proxy({}, { get: (_target, name) => new Param(String(name)) }) as Params<P>;
    const compiled = this.build(db, params).compile();
    return { sql: compiled.sql, bindings: compiled.parameters.map((value) => (value instanceof Param ? { name: value.name } : { value })) };
  }
}

/** `prepared<Params>()((db, p) => query)`: the parameters named, the result type taken from the query. */
export function prepared<P extends object>(): <R>(
  build: (db: Kysely<DatabaseSchema>, p: Params<P>) => Compilable<R>,
) => PreparedQuery<P, R> {
  return (build) => new PreparedQuery(build);
}

/** The parameters `keys` of `p`, as an object to hand to `values` or `set` (a parameter proxy has no keys of its own). */
export function pick<P extends object, K extends keyof P>(p: Params<P>, keys: readonly K[]): Pick<P, K> {
  return Object.fromEntries(keys.map((key) => [key, p[key]])) as Pick<P, K>;
}
