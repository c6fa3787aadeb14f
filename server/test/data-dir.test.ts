import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirError, ensureDataDir } from '../src/storage/data-dir.js';

const home = mkdtempSync(join(tmpdir(), 'sv-data-dir-'));
after(() => rmSync(home, { recursive: true, force: true }));

test('missing parents are created, each 0700; an existing directory is fine', () => {
  const dir = join(home, 'a', 'b', 'c');
  ensureDataDir(dir);
  ensureDataDir(dir);
  for (const part of ['a', 'a/b', 'a/b/c']) assert.equal(statSync(join(home, part)).mode & 0o777, 0o700, part);
});

test('a file where the directory or a parent should be is one sentence, not EEXIST', () => {
  const file = join(home, 'file');
  writeFileSync(file, '');
  assert.throws(
    () => ensureDataDir(file),
    (error: unknown) =>
      error instanceof DataDirError &&
      error.code === 'EDATADIR' &&
      error.message === `the data directory ${file} exists and is not a directory`,
  );
  assert.throws(() => ensureDataDir(join(file, 'x')), {
    message: `${file} (on the way to the data directory ${join(file, 'x')}) exists and is not a directory`,
  });
});

test('a file system that refuses the directory ends with an error instead of looping', () => {
  assert.throws(() => ensureDataDir('/proc/scaivault-test-dir/data'), {
    message:
      'cannot create /proc/scaivault-test-dir (on the way to the data directory /proc/scaivault-test-dir/data): the file system does not allow it',
  });
});
