import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBadInput, runOffline, singlePluginDistribution, type OfflineRunOptions } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-policies', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const run = (argv: string[], options: Omit<OfflineRunOptions, 'distribution'> = {}) => runOffline(argv, { distribution, ...options });

const dir = mkdtempSync(join(tmpdir(), 'sv-policies-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const P = 'pol_abc';
const ONE_RULE = ['--name', 'x', '--path', 'app/**', '--permissions', 'read'];

/** Each case: argv (and stdin), and a piece of the one-line error it must print. */
const cases: Array<{ argv: string[]; stdin?: string; says: RegExp }> = [
  // list
  { argv: ['policies', 'list', 'extra'], says: /extra|unknown|usage|argument/i },
  { argv: ['policies', 'list', '--limit', '0'], says: /--limit must be between 1 and 1000/ },
  { argv: ['policies', 'list', '--limit', 'ten'], says: /--limit must be a whole number/ },
  { argv: ['policies', 'list', '--scope', 'world'], says: /invalid --scope "world"/ },
  { argv: ['policies', 'list', '--all', '--cursor', 'abc'], says: /--all and --cursor cannot be combined/ },
  { argv: ['policies', 'list', '--cursor', ''], says: /--cursor is empty/ },
  // get
  { argv: ['policies', 'get'], says: /./ },
  { argv: ['policies', 'get', P, 'pol_def'], says: /./ },
  { argv: ['policies', 'get', '../pol_abc'], says: /invalid policy id/ },
  { argv: ['policies', 'get', ''], says: /invalid policy id/ },
  // create: flags
  { argv: ['policies', 'create', '--path', 'app/**', '--permissions', 'read'], says: /--name is required/ },
  { argv: ['policies', 'create', '--name', '  ', '--path', 'app/**', '--permissions', 'read'], says: /--name must not be empty/ },
  { argv: ['policies', 'create', '--name', 'x'], says: /no rules given/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', 'app/**'], says: /--path needs --permissions/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', 'app/**', '--permissions', 'read,reed'], says: /unknown permission "reed"/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', 'app/**', '--permissions', 'read,'], says: /unknown permission ""/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', '/app/**', '--permissions', 'read'], says: /must not start with '\/'/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', 'app/**/', '--permissions', 'read'], says: /must not end with '\/'/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', 'app//db', '--permissions', 'read'], says: /empty segment/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', 'app/db**', '--permissions', 'read'], says: /'\*\*' must be a whole segment/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', 'App/DB', '--permissions', 'read'], says: /only a-z 0-9/ },
  { argv: ['policies', 'create', '--name', 'x', '--path', '', '--permissions', 'read'], says: /the pattern is empty/ },
  { argv: ['policies', 'create', ...ONE_RULE, '--ip-range', '10.0.0.0/33'], says: /prefix length outside 0-32/ },
  { argv: ['policies', 'create', ...ONE_RULE, '--ip-range', 'vpn'], says: /is not a CIDR range/ },
  { argv: ['policies', 'create', ...ONE_RULE, '--scope', 'global'], says: /invalid --scope "global"/ },
  { argv: ['policies', 'create', ...ONE_RULE, '--rules-file', 'rules.json'], says: /either --rules-file or --path/ },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', 'rules.json', '--permissions', 'read'],
    says: /either --rules-file or --path/,
  },
  // create: rules files
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', join('/nonexistent', 'rules.json')],
    says: /cannot read --rules-file .*: no such file/,
  },
  { argv: ['policies', 'create', '--name', 'x', '--rules-file', '/'], says: /cannot read --rules-file \/: it is a directory/ },
  { argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'], stdin: '', says: /stdin is empty/ },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "app/**",}]',
    says: /stdin is not valid JSON/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '"app/**"',
    says: /must hold a JSON array of rules, or an object with a "rules" array/,
  },
  { argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'], stdin: '{"name": "x"}', says: /must hold a JSON array of rules/ },
  { argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'], stdin: '[]', says: /rules is empty/ },
  { argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'], stdin: '{"rules": {}}', says: /rules must be an array/ },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '{"rules": [{"path_pattern": "a", "permissions": ["read"]}], "owner": "me"}',
    says: /owner is not a known field/,
  },
  {
    argv: ['policies', 'create', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read"]}]',
    says: /--name is required/,
  },
  {
    argv: ['policies', 'create', '--rules-file', '-'],
    stdin: '{"name": 7, "rules": [{"path_pattern": "a", "permissions": ["read"]}]}',
    says: /name must be a non-empty string/,
  },
  {
    argv: ['policies', 'create', '--rules-file', '-'],
    stdin: '{"name": "x", "scope": "world", "rules": [{"path_pattern": "a", "permissions": ["read"]}]}',
    says: /scope must be one of tenant, partner/,
  },
  { argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'], stdin: '["app/**"]', says: /rules\[0\] must be an object/ },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"permissions": ["read"]}]',
    says: /rules\[0\]\.path_pattern is required/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a/**"}, {"path_pattern": "/b", "permissions": ["read"]}]',
    says: /rules\[0\]\.permissions is required/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read"]}, {"path_pattern": "/b", "permissions": ["read"]}]',
    says: /rules\[1\]\.path_pattern "\/b" is not a valid pattern/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read", "own"]}]',
    says: /rules\[0\]\.permissions unknown permission "own"/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": []}]',
    says: /rules\[0\]\.permissions is required/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path": "a", "permissions": ["read"]}]',
    says: /rules\[0\]\.path is not a known field/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read"], "conditions": []}]',
    says: /rules\[0\]\.conditions must be an object/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read"], "conditions": {"mfa": true}}]',
    says: /rules\[0\]\.conditions\.mfa is not a known field/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read"], "conditions": {"require_mfa": "yes"}}]',
    says: /require_mfa must be true or false/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read"], "conditions": {"ip_ranges": "10.0.0.0/8"}}]',
    says: /ip_ranges must be an array/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read"], "conditions": {"ip_ranges": ["10.0.0.0/40"]}}]',
    says: /ip_ranges "10\.0\.0\.0\/40" has a prefix length/,
  },
  {
    argv: ['policies', 'create', '--name', 'x', '--rules-file', '-'],
    stdin: '[{"path_pattern": "a", "permissions": ["read"], "conditions": {"time_window": {"start": "9:00", "end": "17:00"}}}]',
    says: /time_window must be/,
  },
  // delete
  { argv: ['policies', 'delete'], says: /./ },
  { argv: ['policies', 'delete', P], says: /cannot be undone: add --yes/ },
  { argv: ['policies', 'delete', 'pol abc', '--yes'], says: /invalid policy id/ },
  // bind
  { argv: ['policies', 'bind', P], says: /--identity-id is required/ },
  { argv: ['policies', 'bind', '--identity-id', 'group:developers'], says: /./ },
  { argv: ['policies', 'bind', P, '--identity-id', 'developers'], says: /--identity-id must be an identity id/ },
  { argv: ['policies', 'bind', P, '--identity-id', 'group:'], says: /--identity-id must be an identity id/ },
  { argv: ['policies', 'bind', P, '--identity-id', 'user:alice smith'], says: /--identity-id must be an identity id/ },
  { argv: ['policies', 'bind', P, '--identity-type', 'team', '--identity-id', 'group:developers'], says: /invalid --identity-type "team"/ },
  {
    argv: ['policies', 'bind', P, '--identity-type', 'user', '--identity-id', 'group:developers'],
    says: /--identity-type user does not match group:developers, which is a group id/,
  },
  { argv: ['policies', 'bind', P, '--identity-id', 'sa:ci', '--expires-in', '30x'], says: /invalid duration for --expires-in: "30x"/ },
  {
    argv: ['policies', 'bind', P, '--identity-id', 'sa:ci', '--expires-at', 'tomorrow'],
    says: /--expires-at must be an RFC 3339 timestamp/,
  },
  {
    argv: ['policies', 'bind', P, '--identity-id', 'sa:ci', '--expires-at', '2026-06-30'],
    says: /--expires-at must be an RFC 3339 timestamp/,
  },
  {
    argv: ['policies', 'bind', P, '--identity-id', 'sa:ci', '--expires-in', '30d', '--expires-at', '2030-01-01T00:00:00Z'],
    says: /either --expires-in or --expires-at/,
  },
  // unbind
  { argv: ['policies', 'unbind', P], says: /either a binding id or --identity-id/ },
  { argv: ['policies', 'unbind', P, 'bnd_x', '--identity-id', 'group:developers'], says: /either a binding id or --identity-id/ },
  { argv: ['policies', 'unbind', P, 'bnd/x'], says: /invalid binding id/ },
  { argv: ['policies', 'unbind', P, '--identity-id', 'developers'], says: /--identity-id must be an identity id/ },
  { argv: ['policies', 'unbind', P, 'bnd_x', 'bnd_y'], says: /./ },
  // bindings
  { argv: ['policies', 'bindings'], says: /./ },
  { argv: ['policies', 'bindings', P, 'extra'], says: /./ },
  { argv: ['policies', 'bindings', 'pol?x'], says: /invalid policy id/ },
  // test
  { argv: ['policies', 'test', 'app/db', '--identity', 'user:alice@acme.example'], says: /./ },
  { argv: ['policies', 'test', 'app/db', 'read', 'extra', '--identity', 'user:alice@acme.example'], says: /./ },
  { argv: ['policies', 'test', 'app/db', 'reed', '--identity', 'user:alice@acme.example'], says: /unknown permission "reed"/ },
  { argv: ['policies', 'test', '/app/db', 'read', '--identity', 'user:alice@acme.example'], says: /invalid secret path "\/app\/db"/ },
  { argv: ['policies', 'test', 'App/DB', 'read', '--identity', 'user:alice@acme.example'], says: /invalid secret path/ },
  { argv: ['policies', 'test', 'app/**', 'read', '--identity', 'user:alice@acme.example'], says: /invalid secret path/ },
  { argv: ['policies', 'test', 'app/db', 'read'], says: /--identity is required/ },
  { argv: ['policies', 'test', 'app/db', 'read', '--identity', 'alice'], says: /--identity must be an identity id/ },
  {
    argv: ['policies', 'test', 'app/db', 'read', '--identity', 'user:alice', '--source-ip', '10.0.0.300'],
    says: /--source-ip must be an IP address/,
  },
  { argv: ['policies', 'test', 'app/db', 'read', '--identity', 'user:alice', '--at', 'now'], says: /--at must be an RFC 3339 timestamp/ },
];

for (const { argv, stdin, says } of cases) {
  test(`exit 5, one line, no request: ${argv.slice(1).join(' ')}${stdin === undefined ? '' : ` < ${JSON.stringify(stdin)}`}`, async () => {
    assertBadInput(await run(argv, stdin === undefined ? {} : { stdin }), says);
  });
}

test('a rules file on disk is read like stdin: a bad rule in it is exit 5 naming the file and the rule', async () => {
  const rules = file(
    'bad-rules.json',
    JSON.stringify([
      { path_pattern: 'app/**', permissions: ['read'] },
      { path_pattern: 'app/*', permissions: ['fly'] },
    ]),
  );
  const result = await run(['policies', 'create', '--name', 'x', '--rules-file', rules]);
  assert.equal(result.exitCode, 5);
  assert.match(
    result.stderr,
    new RegExp(`${rules.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: rules\\[1\\]\\.permissions unknown permission "fly"`),
  );
});

test('a rules file that is not JSON is exit 5 naming the file', async () => {
  const rules = file('not-json.json', 'path_pattern: app/**\npermissions: [read]\n');
  const result = await run(['policies', 'create', '--name', 'x', '--rules-file', rules]);
  assert.equal(result.exitCode, 5);
  assert.match(result.stderr, /not-json\.json is not valid JSON/);
});
