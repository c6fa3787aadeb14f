import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Output, type OutputOptions } from '../src/output/output.js';
import { CapturedStream } from '../src/testing/capture.js';

function output(options: Partial<OutputOptions> = {}) {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const out = new Output(stdout, stderr, { json: false, color: false, stdoutIsTTY: false, ...options });
  return { out, stdout, stderr };
}

const secret = { path: 'app/db', version: 3, data: { username: 'admin', password: 's3cret' } };

test('--json prints the object as JSON on stdout', () => {
  const { out, stdout, stderr } = output({ json: true });
  out.object(secret);
  assert.deepEqual(JSON.parse(stdout.text), secret);
  assert.equal(stderr.text, '');
});

test('--field prints the raw value, with no newline when stdout is not a terminal', () => {
  const piped = output({ field: 'password' });
  piped.out.object(secret, { fieldRoot: secret.data });
  assert.equal(piped.stdout.text, 's3cret');
  const tty = output({ field: 'version', stdoutIsTTY: true });
  tty.out.object(secret, { fieldRoot: secret.data });
  assert.equal(tty.stdout.text, '3\n');
  const nested = output({ field: 'data.username' });
  nested.out.object(secret);
  assert.equal(nested.stdout.text, 'admin');
});

test('--field on a missing field is exit 4, never an empty line', () => {
  const { out, stdout } = output({ field: 'nope' });
  assert.throws(
    () => out.object(secret, { fieldRoot: secret.data }),
    (error: Error & { exitCode?: number; hint?: string }) => {
      assert.equal(error.exitCode, 4);
      assert.match(error.hint ?? '', /username, password/);
      return true;
    },
  );
  assert.equal(stdout.text, '');
});

test('lists print {"<plural>": [...]} under --json and an aligned table otherwise', () => {
  const rows = [
    { path: 'a', version: 1 },
    { path: 'longer/path', version: 12 },
  ];
  const columns = [
    { header: 'path', value: (r: (typeof rows)[0]) => r.path },
    { header: 'version', value: (r: (typeof rows)[0]) => r.version, align: 'right' as const },
  ];
  const json = output({ json: true });
  json.out.list('secrets', rows, columns, { has_more: false });
  assert.deepEqual(JSON.parse(json.stdout.text), { secrets: rows, has_more: false });
  const table = output();
  table.out.list('secrets', rows, columns);
  assert.equal(table.stdout.text, 'PATH         VERSION\na                  1\nlonger/path       12\n');
  const empty = output();
  empty.out.list('secrets', [], columns);
  assert.equal(empty.stdout.text, '');
  assert.equal(empty.stderr.text, 'no secrets\n');
});

test('errors are one line on stderr, JSON under --json, coloured only when enabled', () => {
  const report = { exitCode: 4 as const, code: 'secret_not_found', message: 'Secret not\nfound', status: 404, requestId: 'req_9' };
  const plain = output();
  plain.out.error(report);
  assert.equal(plain.stderr.text, 'error: Secret not found (request req_9)\n');
  const json = output({ json: true });
  json.out.error(report);
  assert.deepEqual(JSON.parse(json.stderr.text), {
    error: { code: 'secret_not_found', message: 'Secret not\nfound', status: 404, request_id: 'req_9' },
  });
  const colour = output({ color: true });
  colour.out.warn('careful');
  assert.equal(colour.stderr.text, '\u001b[33mwarning:\u001b[0m careful\n');
});

test('tables fit a given width: the widest column is cut first, headers never', async () => {
  const { renderTable } = await import('../src/output/table.js');
  const rows = [{ id: 'sec_1', path: 'environments/production/payments/database/primary', at: '2026-01-01T00:00:00.000Z' }];
  const columns = [
    { header: 'id', value: (r: (typeof rows)[number]) => r.id },
    { header: 'path', value: (r: (typeof rows)[number]) => r.path },
    { header: 'updated', value: (r: (typeof rows)[number]) => r.at },
  ];
  const plain = (s: string) => s;
  const fitted = renderTable(rows, columns, plain, 50).trimEnd().split('\n');
  assert.deepEqual(fitted, ['ID     PATH               UPDATED', 'sec_1  environments/pro…  2026-01-01T00:00:00.000Z']);
  for (const line of fitted) assert.ok(line.length <= 50);
  // A width too small for the headers still prints every header whole.
  assert.match(renderTable(rows, columns, plain, 10), /^ID +PATH +UPDATED\n/);
  // Without a width (a pipe) nothing is cut.
  assert.match(renderTable(rows, columns, plain), /environments\/production\/payments\/database\/primary/);
});

test('get-style views print labels and yes/no, data keys verbatim', async () => {
  const { humanLabel } = await import('../src/output/table.js');
  assert.deepEqual(['grace_period', 'secret_policy_id', 'by_action.list', 'data.db_host', 'Path', 'signing secret'].map(humanLabel), [
    'Grace period',
    'Secret policy ID',
    'By action: list',
    'Data: db_host',
    'Path',
    'Signing secret',
  ]);
  const view = output();
  view.out.object({ grace_period: '48h', active: true, auto_generate: false });
  assert.equal(view.stdout.text, 'Grace period   48h\nActive         yes\nAuto generate  no\n');
  const data = output();
  data.out.object({ api_key: 'x' }, { human: [['api_key', 'x']], verbatimKeys: true });
  assert.equal(data.stdout.text, 'api_key  x\n');
});
