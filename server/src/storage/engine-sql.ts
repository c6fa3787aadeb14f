import { sql, type RawBuilder } from 'kysely';

/**
 * The SQL that differs between engines, each behind one name so area queries stay the same.
 * SQLite for now; another engine adds its spelling here.
 */

/** The order rows were inserted in (breaks ties between rows made in the same millisecond). */
export function insertionOrder(): RawBuilder<unknown> {
  return sql`rowid`;
}

/** Whether a failed statement broke a UNIQUE constraint. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
