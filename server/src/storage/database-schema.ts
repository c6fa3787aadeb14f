/**
 * The tables as the typed query layer (Kysely) sees them. Each area declares its own tables here
 * from its folder (`<area>/<area>-tables.ts`, by declaration merging), next to the migrations that
 * create them; the store's own tables are below. Integers are numbers (timestamps are milliseconds
 * since the epoch), booleans are 0/1, JSON is text, binary is Buffer.
 */
export interface DatabaseSchema {
  server_meta: ServerMetaTable;
  schema_migrations: SchemaMigrationsTable;
}

export interface ServerMetaTable {
  key: string;
  value: Buffer;
}

export interface SchemaMigrationsTable {
  area: string;
  name: string;
  applied_at: number;
}
