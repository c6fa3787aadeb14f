#!/usr/bin/env node
// Runs eslint and prettier from tools/lint, installing that package first if it is not there yet.
// Usage: node scripts/lint.mjs [--fix]   (--fix lets eslint fix what it can and prettier rewrite layout)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const tools = join(root, 'tools', 'lint');
const fix = process.argv.includes('--fix');

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  return result.status ?? 1;
}

if (!existsSync(join(tools, 'node_modules', '.bin', 'eslint'))) {
  const status = run('npm', ['ci', '--no-audit', '--no-fund', '--silent'], tools);
  if (status !== 0) process.exit(status);
}
const bin = (name) => join(tools, 'node_modules', '.bin', name);
const eslint = run(bin('eslint'), ['-c', join(tools, 'eslint.config.mjs'), ...(fix ? ['--fix'] : []), '.']);
const prettier = run(bin('prettier'), [fix ? '--write' : '--check', '--log-level', 'warn', '.']);
process.exit(eslint || prettier);
