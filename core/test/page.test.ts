import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Output, type OutputOptions } from '../src/output/output.js';
import { printPage } from '../src/output/page.js';
import type { Column } from '../src/output/table.js';
import { CapturedStream } from '../src/testing/capture.js';

function output(options: Partial<OutputOptions> = {}) {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  return { out: new Output(stdout, stderr, { json: false, color: false, stdoutIsTTY: false, ...options }), stdout, stderr };
}

const COLUMNS: Column<{ id: string }>[] = [{ header: 'ID', value: (row) => row.id }];
const row = fc.stringMatching(/^[a-z0-9_]{1,12}$/).map((id) => ({ id }));

test('under --json any page prints its rows, cursor and has_more, and nothing on stderr', () => {
  fc.assert(
    fc.property(fc.array(row), fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,16}$/), { nil: undefined }), (rows, cursor) => {
      const { out, stdout, stderr } = output({ json: true });
      printPage(out, 'service_accounts', { rows, cursor, has_more: cursor !== undefined }, COLUMNS);
      assert.deepEqual(JSON.parse(stdout.text), { service_accounts: rows, cursor: cursor ?? null, has_more: cursor !== undefined });
      assert.equal(stderr.text, '');
    }),
  );
});

test("a page with more after it says how to continue, in the plural's words or the noun given", () => {
  const more = { rows: [{ id: 'a' }], cursor: 'c2', has_more: true };
  const plain = output();
  printPage(plain.out, 'service_accounts', more, COLUMNS);
  assert.equal(plain.stderr.text, 'more service accounts: --cursor c2 (or --all)\n');
  const named = output();
  printPage(named.out, 'logs', more, COLUMNS, 'entries');
  assert.equal(named.stderr.text, 'more entries: --cursor c2 (or --all)\n');
});

test('every row under --all is one last page: cursor null, has_more false, no hint', () => {
  const { out, stdout, stderr } = output({ json: true });
  printPage(out, 'secrets', { rows: [{ id: 'a' }, { id: 'b' }] }, COLUMNS);
  assert.deepEqual(JSON.parse(stdout.text), { secrets: [{ id: 'a' }, { id: 'b' }], cursor: null, has_more: false });
  assert.equal(stderr.text, '');
});
