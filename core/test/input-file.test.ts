import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { memfs } from 'memfs';
import type { FileSystem } from '../src/fs/file-system.js';
import { readFileOrStdin, readInputFile } from '../src/parsing/input-file.js';
import { readJsonFile } from '../src/parsing/json-input.js';
import { stdinFrom } from '../src/testing/capture.js';
import { exitCodeOf } from '../src/testing/exit-code-of.js';

function files(tree: Record<string, string>): FileSystem {
  return memfs(tree).fs as unknown as FileSystem;
}

/** A file system whose every read fails with `code`. */
function failing(code: string): FileSystem {
  const fs = files({});
  return Object.assign(Object.create(fs) as FileSystem, {
    readFileSync: () => {
      throw Object.assign(new Error(`${code}: refused, open`), { code });
    },
  });
}

describe('readInputFile', () => {
  test('returns any text a file holds, unchanged', () => {
    fc.assert(fc.property(fc.string(), (text) => readInputFile(files({ '/in/file.txt': text }), '/in/file.txt', 'file.txt') === text));
  });

  test("a file it cannot read is exit 5 in the caller's words, with the reason in plain words", () => {
    const fs = files({ '/in/dir/file.txt': 'x' });
    assert.throws(() => readInputFile(fs, '/in/missing.json', '--rules-file /in/missing.json'), {
      message: 'cannot read --rules-file /in/missing.json: no such file',
    });
    assert.throws(() => readInputFile(fs, '/in/dir', 'password=@/in/dir'), { message: 'cannot read password=@/in/dir: it is a directory' });
    assert.throws(() => readInputFile(failing('EACCES'), '/secret', '--json-file /secret'), {
      message: 'cannot read --json-file /secret: permission denied',
    });
    assert.throws(() => readInputFile(failing('EIO'), '/secret', '--json-file /secret'), {
      message: 'cannot read --json-file /secret: EIO: refused, open',
    });
    assert.equal(
      exitCodeOf(() => readInputFile(fs, '/nope', 'x')),
      5,
    );
  });
});

describe('readFileOrStdin', () => {
  test('`-` reads all of stdin and leaves the file system alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        async (text) => (await readFileOrStdin('-', '--json-file -', { fs: failing('EIO'), stdin: stdinFrom(text) })) === text,
      ),
    );
  });

  test('a path reads the file, as readInputFile does', async () => {
    const io = { fs: files({ '/a.json': '{"a":1}' }), stdin: stdinFrom('') };
    assert.equal(await readFileOrStdin('/a.json', '--json-file /a.json', io), '{"a":1}');
    await assert.rejects(readFileOrStdin('/b.json', '--json-file /b.json', io), {
      message: 'cannot read --json-file /b.json: no such file',
    });
  });
});

describe('readJsonFile', () => {
  test('any JSON value in a file or on stdin comes back parsed, with where it came from', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const text = JSON.stringify(value);
        const io = { fs: files({ '/rules.json': text }), stdin: stdinFrom(text) };
        assert.deepEqual(await readJsonFile('/rules.json', '--rules-file', io), { value: JSON.parse(text), source: '/rules.json' });
        assert.deepEqual(await readJsonFile('-', '--rules-file', io), { value: JSON.parse(text), source: 'stdin' });
      }),
    );
  });

  test('empty, blank or invalid input is exit 5 naming the flag or the source', async () => {
    const io = (text: string) => ({ fs: files({ '/f.json': text }), stdin: stdinFrom(text) });
    await assert.rejects(readJsonFile('-', '--fields-file', io('')), { message: '--fields-file: stdin is empty' });
    await assert.rejects(readJsonFile('/f.json', '--fields-file', io(' \n')), { message: '--fields-file: /f.json is empty' });
    await assert.rejects(readJsonFile('/f.json', '--fields-file', io('[1,]')), (error: Error & { exitCode?: number }) => {
      assert.match(error.message, /^\/f\.json is not valid JSON: /);
      return error.exitCode === 5;
    });
    await assert.rejects(readJsonFile('/g.json', '--fields-file', io('{}')), {
      message: 'cannot read --fields-file /g.json: no such file',
    });
  });
});
