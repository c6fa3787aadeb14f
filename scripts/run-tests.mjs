#!/usr/bin/env node
// Runs every compiled test file of the workspace with node's test runner.
// Usage: node scripts/run-tests.mjs [package-dir ...]   (default: every workspace package)
// Builds first: tests run against dist/ and core's bundle, which `tsc -b` alone leaves stale.
import { readdirSync, statSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

function workspaceDirs() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = [];
  for (const pattern of workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const name of readdirSync(parent)) dirs.push(join(parent, name));
    } else {
      dirs.push(join(root, pattern));
    }
  }
  return dirs;
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('the build failed: fix it before the tests can run');
  process.exit(build.status ?? 1);
}

const selected = process.argv.slice(2);
const dirs = selected.length > 0 ? selected.map((d) => join(root, d)) : workspaceDirs();
const files = dirs.flatMap((dir) => testFiles(join(dir, 'dist', 'test')));
if (files.length === 0) {
  console.error('no compiled test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
