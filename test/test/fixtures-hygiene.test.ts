import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from './workspace.js';

/** Every committed fixture file, group by group. */
function fixtureFiles(): string[] {
  const root = join(REPO, 'fixtures');
  return readdirSync(root).flatMap((group) =>
    readdirSync(join(root, group))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(root, group, f)),
  );
}

test('no committed fixture holds something that looks like a real credential', () => {
  const files = fixtureFiles();
  assert.ok(files.length > 100, `expected the recorded fixtures, found ${files.length}`);
  const credential = /skt_[A-Za-z0-9]{16,}|svk_[A-Za-z0-9_-]{40,}|eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]+/;
  const leaks = files.filter((file) => credential.test(readFileSync(file, 'utf8')));
  assert.deepEqual(leaks, []);
});

test('fixtures never carry an Authorization header', () => {
  const leaks = fixtureFiles().filter((file) => /"authorization"\s*:/i.test(readFileSync(file, 'utf8')));
  assert.deepEqual(leaks, []);
});
