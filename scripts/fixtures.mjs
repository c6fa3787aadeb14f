#!/usr/bin/env node
// npm run fixtures:record [group ...]  |  npm run fixtures:check [group ...]
import { spawnSync } from 'node:child_process';

const [mode, ...groups] = process.argv.slice(2);
const main = new URL('../test/dist/src/fixtures/main.js', import.meta.url).pathname;
const result = spawnSync(process.execPath, [main, ...(mode === 'check' ? ['--check'] : []), ...groups], { stdio: 'inherit' });
process.exit(result.status ?? 1);
