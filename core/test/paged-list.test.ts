// printPagedList: one page with the "more" hint, or every page streamed with --all, and the empty message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Output, type OutputOptions } from '../src/output/output.js';
import { printPagedList } from '../src/output/paged-list.js';
import type { Column } from '../src/output/table.js';
import type { Page, Paging } from '../src/parsing/paging.js';
import { CapturedStream } from '../src/testing/capture.js';

interface Row {
  name: string;
}
const COLUMNS: readonly Column<Row>[] = [{ header: 'NAME', value: (row) => row.name }];
const PAGES: Record<string, Page<Row>> = {
  first: { rows: [{ name: 'a' }], cursor: 'c1', has_more: true },
  c1: { rows: [{ name: 'b' }], cursor: null, has_more: false },
};

async function print(paging: Paging, options: Partial<OutputOptions> = {}, pages = PAGES, empty?: string) {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const output = new Output(stdout, stderr, { json: false, color: false, stdoutIsTTY: false, ...options });
  const asked: (string | undefined)[] = [];
  await printPagedList(
    { output, stdout },
    paging,
    async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? 'first']!;
    },
    { plural: 'things', columns: COLUMNS, ...(empty === undefined ? {} : { empty }) },
  );
  return { stdout: stdout.text, stderr: stderr.text, asked };
}

test('one page: the rows, and on stderr how to get the next one', async () => {
  const { stdout, stderr, asked } = await print({ all: false, ndjson: false });
  assert.deepEqual(asked, [undefined]);
  assert.match(stdout, /^NAME\na\n$/);
  assert.match(stderr, /more things: --cursor c1 \(or --all\)/);
});

test('--cursor starts from that page; --json is the page envelope with its cursor', async () => {
  const { stdout, asked } = await print({ all: false, ndjson: false, cursor: 'c1' }, { json: true });
  assert.deepEqual(asked, ['c1']);
  assert.deepEqual(JSON.parse(stdout), { things: [{ name: 'b' }], cursor: null, has_more: false });
});

test('--all follows the cursor and prints one envelope ending with no cursor', async () => {
  const { stdout, stderr, asked } = await print({ all: true, ndjson: false }, { json: true });
  assert.deepEqual(asked, [undefined, 'c1']);
  assert.deepEqual(JSON.parse(stdout), { things: [{ name: 'a' }, { name: 'b' }], cursor: null, has_more: false });
  assert.equal(stderr, '');
});

test('an empty list says `empty` instead of a table, on one page and with --all; --json keeps the envelope', async () => {
  const none = { first: { rows: [], cursor: null, has_more: false } };
  const one = await print({ all: false, ndjson: false }, {}, none, 'no things here');
  assert.equal(one.stdout, '');
  assert.match(one.stderr, /no things here/);
  const json = await print({ all: false, ndjson: false }, { json: true }, none, 'no things here');
  assert.deepEqual(JSON.parse(json.stdout), { things: [], cursor: null, has_more: false });
  const all = await print({ all: true, ndjson: false }, {}, none, 'no things here');
  assert.equal(all.stdout, '');
});
