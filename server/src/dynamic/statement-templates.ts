import { validationError } from '../http/api-error.js';

/** What a role's statements may refer to. */
export const PLACEHOLDERS = ['name', 'password', 'expiration'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The driver's escaping, passed in so this file needs no database client. */
export interface Escaping {
  identifier(value: string): string;
  literal(value: string): string;
}

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;
// A placeholder already quoted the way Vault's examples write it ("{{name}}", '{{password}}').
const QUOTED = /"\{\{\s*([a-z_]+)\s*\}\}"|'\{\{\s*([a-z_]+)\s*\}\}'|\{\{\s*([a-z_]+)\s*\}\}/g;

/**
 * Checks a list of SQL templates: each a non-empty string, only known placeholders, and — for the
 * statements that make or drop the role — `{{name}}` somewhere (a statement that never names the
 * role cannot be the one that creates or drops it). Only creation statements may use `{{password}}`.
 */
export function validateStatements(field: string, statements: string[], options: { requireName: boolean; allowPassword: boolean }): void {
  const fail = (problem: string) => {
    throw validationError({ [field]: problem });
  };
  if (statements.length === 0) fail('at least one statement is required');
  for (const statement of statements) {
    if (statement.trim() === '') fail('a statement is empty');
    for (const [, name] of statement.matchAll(PLACEHOLDER)) {
      if (!PLACEHOLDERS.includes(name as Placeholder))
        fail(`unknown placeholder {{${name}}}; use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`);
      // The password exists only while the credential is created; it is never kept to fill in later.
      if (name === 'password' && !options.allowPassword) fail('{{password}} is known only to creation_statements');
    }
  }
  if (options.requireName && !statements.some((statement) => /\{\{\s*name\s*\}\}/.test(statement)))
    fail('no statement uses {{name}}, so none would create or drop the generated role');
}

/**
 * Fills the placeholders: `{{name}}` becomes a quoted identifier and `{{password}}`,
 * `{{expiration}}` quoted literals, all made by the driver's escaping functions — the values are
 * never pasted in raw. A placeholder the template already wraps in quotes (`"{{name}}"`,
 * `'{{password}}'`, as Vault's documentation writes them) is replaced quotes and all, so both
 * spellings give the same SQL.
 */
export function renderStatement(template: string, values: Record<Placeholder, string>, escaping: Escaping): string {
  return template.replace(QUOTED, (_whole, doubleQuoted?: string, singleQuoted?: string, bare?: string) => {
    const name = (doubleQuoted ?? singleQuoted ?? bare) as Placeholder;
    const value = values[name];
    if (doubleQuoted !== undefined) return escaping.identifier(value);
    if (singleQuoted !== undefined) return escaping.literal(value);
    return name === 'name' ? escaping.identifier(value) : escaping.literal(value);
  });
}
