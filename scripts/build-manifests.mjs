#!/usr/bin/env node
// Writes (or with --check, verifies) the command manifest of core and of every plugin package in
// the workspace, using the same `scaivault-manifest` tool third-party plugin authors run.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const tool = join(root, 'core', 'bin', 'scaivault-manifest.js');

const dirs = [join(root, 'core'), join(root, 'docs', 'examples', 'plugin-hello')];
const pluginsDir = join(root, 'plugins');
if (existsSync(pluginsDir)) for (const name of readdirSync(pluginsDir).sort()) dirs.push(join(pluginsDir, name));

let failed = false;
for (const dir of dirs) {
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath) || !JSON.parse(readFileSync(pkgPath, 'utf8')).scaivault?.manifest) continue;
  const result = spawnSync(process.execPath, [tool, ...(check ? ['--check'] : []), dir], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
