import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import fc from 'fast-check';
import { Output, type OutputOptions } from '../src/output/output.js';
import { streamList } from '../src/output/stream-list.js';
import { renderTable, type Column } from '../src/output/table.js';
import { CapturedStream } from '../src/testing/capture.js';

interface Row {
  path: string;
  version: number;
}

const COLUMNS: Column<Row>[] = [
  { header: 'path', value: (row) => row.path },
  { header: 'version', value: (row) => row.version, align: 'right' },
];

function target(options: Partial<OutputOptions> = {}, ndjson = false) {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const output = new Output(stdout, stderr, { json: false, color: false, stdoutIsTTY: false, ...options });
  return { target: { output, stdout, ndjson }, stdout, stderr };
}

async function* inPages<T>(pages: T[][]): AsyncGenerator<T[]> {
  for (const page of pages) yield page;
}

const row = fc.record({ path: fc.string({ maxLength: 12 }), version: fc.integer({ min: 0, max: 99999 }) });
const pages = fc.array(fc.array(row, { maxLength: 4 }), { maxLength: 5 });
const extra = fc.dictionary(
  fc.stringMatching(/^[a-z_]{1,8}$/).filter((key) => key !== 'secrets'),
  fc.jsonValue(),
  { maxKeys: 3 },
);

test('--json streamed page by page is byte for byte the envelope JSON.stringify prints', async () => {
  await fc.assert(
    fc.asyncProperty(pages, extra, async (chunks, fields) => {
      const { target: t, stdout, stderr } = target({ json: true });
      const count = await streamList(t, inPages(chunks), { plural: 'secrets', columns: COLUMNS, extra: () => fields });
      assert.equal(stdout.text, `${JSON.stringify({ secrets: chunks.flat(), ...fields }, null, 2)}\n`);
      assert.equal(count, chunks.flat().length);
      assert.equal(stderr.text, '');
    }),
  );
});

test('--ndjson prints one object per line, nothing for an empty list', async () => {
  const { target: t, stdout } = target({ json: true }, true);
  await streamList(t, inPages([[{ path: 'a', version: 1 }], [], [{ path: 'b', version: 2 }]]), { plural: 'secrets', columns: COLUMNS });
  assert.deepEqual(stdout.text.split('\n'), ['{"path":"a","version":1}', '{"path":"b","version":2}', '']);
  const empty = target({}, true);
  await streamList(empty.target, inPages<Row>([[]]), { plural: 'secrets', columns: COLUMNS });
  assert.deepEqual([empty.stdout.text, empty.stderr.text], ['', '']);
});

test('a table takes its column widths from the first page that has rows; later pages keep them', async () => {
  const first = [{ path: 'a/b', version: 1 }];
  const later = [{ path: 'a/much/longer/path', version: 12345 }];
  const { target: t, stdout } = target();
  await streamList(t, inPages([[], first, later]), { plural: 'secrets', columns: COLUMNS });
  const head = renderTable(first, COLUMNS, (s) => s);
  assert.equal(stdout.text, `${head}a/much/longer/path    12345\n`);
  assert.equal(head, 'PATH  VERSION\na/b         1\n');
});

test('a single page prints exactly what the one-shot table prints', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), async (rows) => {
      const { target: t, stdout } = target();
      await streamList(t, inPages([rows]), { plural: 'secrets', columns: COLUMNS });
      assert.equal(
        stdout.text,
        renderTable(rows, COLUMNS, (s) => s),
      );
    }),
  );
});

test('no rows at all: the empty message on stderr, nothing on stdout', async () => {
  const plain = target();
  await streamList(plain.target, inPages<Row>([[], []]), { plural: 'secret_policies', columns: COLUMNS });
  assert.deepEqual([plain.stdout.text, plain.stderr.text], ['', 'no secret policies\n']);
  const named = target();
  await streamList(named.target, inPages<Row>([]), { plural: 'data', columns: COLUMNS, empty: 'no rotation policies' });
  assert.equal(named.stderr.text, 'no rotation policies\n');
});

test('--field prints the field of every row, one per line, across pages', async () => {
  const { target: t, stdout } = target({ field: 'path' });
  await streamList(t, inPages([[{ path: 'a', version: 1 }], [{ path: 'b', version: 2 }]]), { plural: 'secrets', columns: COLUMNS });
  assert.equal(stdout.text, 'a\nb\n');
});

test('the next page is not fetched while stdout is still full: it waits for drain', async () => {
  const events: string[] = [];
  let release: (() => void) | undefined;
  // A stdout whose buffer is always full until the test lets the write finish.
  const slow = new Writable({
    highWaterMark: 1,
    write(_chunk, _encoding, done) {
      events.push('write');
      release = done;
    },
  });
  const stderr = new CapturedStream();
  const output = new Output(slow, stderr, { json: false, color: false, stdoutIsTTY: false });
  async function* counted(): AsyncGenerator<Row[]> {
    for (let i = 0; i < 3; i++) {
      events.push(`fetch ${i}`);
      yield [{ path: `p${i}`, version: i }];
    }
  }
  const done = streamList({ output, stdout: slow }, counted(), { plural: 'secrets', columns: COLUMNS });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(events, ['fetch 0', 'write']);
  for (let i = 0; i < 3; i++) {
    release!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(await done, 3);
  assert.deepEqual(events, ['fetch 0', 'write', 'fetch 1', 'write', 'fetch 2', 'write']);
});

/** A stdout whose reader goes away after `accepted` writes, failing the next one as a closed pipe does. */
function closingPipe(accepted: number, code = 'EPIPE'): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      if (writes.length >= accepted) return done(Object.assign(new Error(`write ${code}`), { code }));
      writes.push(String(chunk));
      done();
    },
  });
  return { stream, writes };
}

test('a reader that closes the pipe (| head) ends the listing quietly: no more pages are fetched', async () => {
  const { stream, writes } = closingPipe(1);
  const output = new Output(stream, new CapturedStream(), { json: false, color: false, stdoutIsTTY: false });
  let fetched = 0;
  async function* many(): AsyncGenerator<Row[]> {
    for (let i = 0; i < 100; i++) {
      fetched += 1;
      yield [{ path: `p${i}`, version: i }];
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const count = await streamList({ output, stdout: stream, ndjson: true }, many(), { plural: 'secrets', columns: COLUMNS });
  assert.deepEqual(writes, ['{"path":"p0","version":0}\n']);
  assert.ok(count <= 2 && fetched <= 3, `stopped after ${fetched} pages`);
  // A later write to the closed pipe (a summary line) does not crash the process either.
  stream.write('summary\n');
  await new Promise((resolve) => setImmediate(resolve));
});

test('any other stdout failure is an error, not a quiet stop', async () => {
  const { stream } = closingPipe(0, 'EIO');
  const output = new Output(stream, new CapturedStream(), { json: false, color: false, stdoutIsTTY: false });
  stream.on('error', () => undefined);
  async function* slow(): AsyncGenerator<Row[]> {
    for (let i = 0; i < 3; i++) {
      yield [{ path: `p${i}`, version: i }];
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await assert.rejects(streamList({ output, stdout: stream, ndjson: true }, slow(), { plural: 'secrets', columns: COLUMNS }), {
    message: 'write EIO',
  });
});
