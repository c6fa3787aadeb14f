import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { renderStatement, validateStatements } from '../src/dynamic/statement-templates.js';
import { generatePassword, generateUsername } from '../src/dynamic/generated-credentials.js';
import { scrub } from '../src/dynamic/postgres-target.js';
import { ApiError } from '../src/http/api-error.js';

const escaping = { identifier: pg.escapeIdentifier, literal: pg.escapeLiteral };

test('placeholders are filled only by the driver escaping, bare or in the quotes Vault examples use', () => {
  const values = { name: 'v_ro_x', password: "it's\\a", expiration: '2026-04-23T14:00:00.000Z' };
  const bare = renderStatement('CREATE ROLE {{name}} LOGIN PASSWORD {{password}} VALID UNTIL {{expiration}}', values, escaping);
  const quoted = renderStatement(`CREATE ROLE "{{name}}" LOGIN PASSWORD '{{password}}' VALID UNTIL '{{ expiration }}'`, values, escaping);
  // pg writes a literal holding a backslash as ` E'...'` (with its leading space).
  assert.equal(bare, `CREATE ROLE "v_ro_x" LOGIN PASSWORD  E'it''s\\\\a' VALID UNTIL '2026-04-23T14:00:00.000Z'`);
  assert.equal(quoted, bare);
  // A value that tries to close the quote stays inside it.
  const hostile = renderStatement('CREATE ROLE {{name}}', { ...values, name: 'x"; DROP TABLE orders; --' }, escaping);
  assert.equal(hostile, 'CREATE ROLE "x""; DROP TABLE orders; --"');
});

test('templates must name the role, use known placeholders, and keep {{password}} to creation', () => {
  const fields = (statements: string[], options = { requireName: true, allowPassword: true }) => {
    try {
      validateStatements('creation_statements', statements, options);
      return undefined;
    } catch (error) {
      assert.ok(error instanceof ApiError);
      return (error.details.fields as Record<string, string>).creation_statements;
    }
  };
  assert.equal(fields(['CREATE ROLE {{name}} LOGIN PASSWORD {{password}}']), undefined);
  assert.match(fields(['CREATE ROLE x'])!, /no statement uses \{\{name\}\}/);
  assert.match(fields([])!, /at least one statement/);
  assert.match(fields(['  '])!, /a statement is empty/);
  assert.match(fields(['CREATE ROLE {{name}} {{username}}'])!, /unknown placeholder \{\{username\}\}/);
  assert.match(
    fields(['ALTER ROLE {{name}} PASSWORD {{password}}'], { requireName: true, allowPassword: false })!,
    /known only to creation/,
  );
});

test('generated logins are PostgreSQL-safe identifiers of at most 63 characters, and never repeat', () => {
  const names = new Set<string>();
  for (let i = 0; i < 2000; i++) names.add(generateUsername('Read-Only.Reports'));
  assert.equal(names.size, 2000);
  for (const name of names) assert.match(name, /^v_read_only_reports_[a-z0-9]{20}$/);
  const long = generateUsername('x'.repeat(200));
  assert.ok(long.length <= 63);
  assert.match(long, /^v_x{24}_[a-z0-9]{20}$/);
  assert.match(generateUsername('!!!'), /^v_role_[a-z0-9]{20}$/);
  const passwords = new Set(Array.from({ length: 2000 }, generatePassword));
  assert.equal(passwords.size, 2000);
  for (const password of passwords) assert.match(password, /^[A-Za-z0-9]{32}$/);
});

test('scrub removes a secret in plain, URL-encoded and SQL-quoted form', () => {
  const secret = "p@ss'word";
  const message = `failed near 'p@ss''word' for postgresql://u:p%40ss'word@h and p@ss'word`;
  assert.equal(scrub(message, [secret]), "failed near '[redacted]' for postgresql://u:[redacted]@h and [redacted]");
});
