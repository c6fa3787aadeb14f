import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findPackageDir } from '../src/loader/find-package.js';

const root = mkdtempSync(join(tmpdir(), 'sv-find-'));
after(() => rmSync(root, { recursive: true, force: true }));

function packageAt(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  return dir;
}

test('finds a package as Node does: the nearest node_modules up from the directory, scoped or not', () => {
  const app = join(root, 'app', 'cli');
  mkdirSync(app, { recursive: true });
  const outer = packageAt(join(root, 'app', 'node_modules', '@scaivault', 'plugin-a'));
  assert.equal(findPackageDir('@scaivault/plugin-a', app), outer);
  assert.equal(findPackageDir('@scaivault/plugin-a', `${app}/`), outer, 'a trailing separator changes nothing');
  const inner = packageAt(join(app, 'node_modules', '@scaivault', 'plugin-a'));
  assert.equal(findPackageDir('@scaivault/plugin-a', app), inner, 'the nearer copy wins');
  const plain = packageAt(join(root, 'node_modules', 'plain-plugin'));
  assert.equal(findPackageDir('plain-plugin', app), plain);
  mkdirSync(join(app, 'node_modules', 'no-package-json'), { recursive: true });
  assert.equal(findPackageDir('no-package-json', app), undefined, 'a directory without package.json is not a package');
  assert.equal(findPackageDir('@scaivault/missing', app), undefined);
});
