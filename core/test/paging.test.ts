import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { collectPages, followPages, readPaging } from '../src/parsing/paging.js';
import { exitCodeOf } from '../src/testing/exit-code-of.js';

const cursorText = fc.string({ minLength: 1 }).filter((text) => text.trim() !== '');

describe('readPaging', () => {
  test('every --limit from 1 to 1000 is read as its number, the cursor and --all kept as given', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.option(cursorText, { nil: undefined }), (limit, cursor) => {
        const paging = readPaging({ limit: String(limit), cursor, all: false });
        assert.deepEqual(paging, { all: false, ndjson: false, limit, ...(cursor === undefined ? {} : { cursor }) });
      }),
    );
    assert.deepEqual(readPaging({ all: true }), { all: true, ndjson: false });
    assert.deepEqual(readPaging({ all: true, ndjson: true }), { all: true, ndjson: true });
  });

  test('a --limit outside 1-1000 or not a whole number is exit 5', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 1001 })),
        (limit) => exitCodeOf(() => readPaging({ limit: String(limit), all: false })) === 5,
      ),
    );
    for (const bad of ['ten', '1.5', '', '1e3'])
      assert.equal(
        exitCodeOf(() => readPaging({ limit: bad, all: false })),
        5,
        bad,
      );
  });

  test('--all with --cursor, and an empty --cursor, are exit 5 with the words users see', () => {
    assert.throws(() => readPaging({ cursor: 'c', all: true }), { message: '--all and --cursor cannot be combined' });
    assert.throws(() => readPaging({ cursor: ' ', all: false }), { message: '--cursor is empty' });
    assert.equal(
      exitCodeOf(() => readPaging({ cursor: '', all: false })),
      5,
    );
  });

  test('--ndjson with --field is exit 5: one prints objects, the other one value', () => {
    assert.throws(() => readPaging({ all: true, ndjson: true, field: 'path' }), { message: '--ndjson and --field cannot be combined' });
  });
});

describe('collectPages', () => {
  test('follows the cursor until has_more is false, keeping the rows in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer(), { maxLength: 4 }), { minLength: 1, maxLength: 6 }), async (pages) => {
        const asked: Array<string | undefined> = [];
        const rows = await collectPages(async (cursor) => {
          asked.push(cursor);
          const index = cursor === undefined ? 0 : Number(cursor);
          const last = index === pages.length - 1;
          return { rows: pages[index]!, cursor: last ? null : String(index + 1), has_more: !last };
        });
        assert.deepEqual(rows, pages.flat());
        assert.deepEqual(
          asked,
          pages.map((_, i) => (i === 0 ? undefined : String(i))),
        );
      }),
    );
  });

  test('stops when a page says there is more but gives no cursor', async () => {
    let calls = 0;
    const rows = await collectPages(async () => {
      calls += 1;
      return { rows: [calls], cursor: null, has_more: true };
    });
    assert.deepEqual(rows, [1]);
  });
});

describe('followPages', () => {
  test('yields each page as it arrives: the next page is not asked for until the caller is done with this one', async () => {
    const asked: Array<string | undefined> = [];
    const pages = followPages(async (cursor) => {
      asked.push(cursor);
      const index = cursor === undefined ? 0 : Number(cursor);
      return { rows: [index], cursor: index < 2 ? String(index + 1) : null, has_more: index < 2 };
    });
    const seen: number[][] = [];
    for await (const page of pages) {
      seen.push(page);
      assert.equal(asked.length, seen.length);
    }
    assert.deepEqual(seen, [[0], [1], [2]]);
  });

  test('a cursor the server already gave ends the walk instead of looping', async () => {
    let calls = 0;
    const rows = await collectPages(async (cursor) => {
      calls += 1;
      return { rows: [calls], cursor: cursor === undefined ? 'a' : cursor === 'a' ? 'b' : 'a', has_more: true };
    });
    assert.deepEqual(rows, [1, 2, 3]);
  });
});
