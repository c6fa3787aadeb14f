import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memfs } from 'memfs';
import { writeFileAtomic } from '../src/fs/atomic-write.js';
import type { FileSystem } from '../src/fs/file-system.js';

test('replaces the content and leaves no temp file behind', () => {
  const { fs } = memfs({ '/d/creds.json': 'old' });
  writeFileAtomic(fs as unknown as FileSystem, '/d/creds.json', 'new');
  assert.equal(fs.readFileSync('/d/creds.json', 'utf8'), 'new');
  assert.deepEqual(fs.readdirSync('/d'), ['creds.json']);
  assert.equal(fs.statSync('/d/creds.json').mode & 0o777, 0o600);
});

test('a failed write keeps the old content and removes the temp file', () => {
  const { fs } = memfs({ '/d/creds.json': 'old' });
  const failing = Object.create(fs) as FileSystem;
  failing.fsyncSync = () => {
    throw new Error('disk full');
  };
  assert.throws(() => writeFileAtomic(failing, '/d/creds.json', 'new'), { message: 'disk full' });
  assert.equal(fs.readFileSync('/d/creds.json', 'utf8'), 'old');
  assert.deepEqual(fs.readdirSync('/d'), ['creds.json']);
});

test('creates missing directories with the requested mode', () => {
  const { fs } = memfs({});
  writeFileAtomic(fs as unknown as FileSystem, '/a/b/c.json', '{}', { mode: 0o600, dirMode: 0o700 });
  assert.equal(fs.statSync('/a/b').mode & 0o777, 0o700);
});
