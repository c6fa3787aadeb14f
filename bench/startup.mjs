#!/usr/bin/env node
// Startup benchmark: runs each case many times, interleaved so machine noise hits all of them
// alike, and reports medians and ratios against `node -e 0`. Writes docs/benchmarks.md.
//   npm run bench [-- --runs 25]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './bench-server.mjs';
import { writeSection } from './write-section.mjs';
import { digestPackage } from '../core/dist/src/loader/package-digest.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'cli', 'bin', 'scaivault.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;

/** A SCAIVAULT_HOME with `count` installed plugins of 5 commands each (as `plugins install` lays them out). */
function homeWithPlugins(count) {
  const home = mkdtempSync(join(tmpdir(), `sv-bench-${count}-`));
  const modules = join(home, 'plugins', 'node_modules');
  const dependencies = {};
  const installed = [];
  for (let i = 0; i < count; i++) {
    const name = `bench-plugin-${i}`;
    const dir = join(modules, name);
    mkdirSync(dir, { recursive: true });
    dependencies[name] = '1.0.0';
    const commands = ['list', 'get', 'create', 'update', 'delete'].map((verb) => ({
      path: [`group${i}`, verb],
      usage: `scaivault group${i} ${verb}`,
      description: `${verb} things of group ${i}`,
      options: [{ definition: '--json', description: 'Print JSON', required: false }],
    }));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name,
        version: '1.0.0',
        type: 'module',
        scaivault: { apiVersion: 1, core: '*', entry: './index.js', manifest: './manifest.json' },
      }),
    );
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifestVersion: 1, name, version: '1.0.0', commands }));
    writeFileSync(join(dir, 'index.js'), 'export default {};\n');
    installed.push({ name, version: '1.0.0', digest: digestPackage(dir) });
  }
  writeFileSync(join(home, 'plugins', 'package.json'), JSON.stringify({ name: 'scaivault-plugins', private: true, dependencies }));
  writeFileSync(join(home, 'plugins', 'installed.json'), JSON.stringify({ formatVersion: 1, plugins: installed }));
  return home;
}

function timeOnce(command, args, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const one = homeWithPlugins(1);
const fifty = homeWithPlugins(50);
const server = await startBenchServer();
const node = process.execPath;
const cases = [
  { id: 'node', label: '`node -e 0`', args: ['-e', '0'], env: {} },
  { id: 'version', label: '`scaivault --version`', args: [bin, '--version'], env: { SCAIVAULT_HOME: one } },
  { id: 'help', label: '`scaivault --help`', args: [bin, '--help'], env: { SCAIVAULT_HOME: one } },
  { id: 'version50', label: '`scaivault --version`, 50 plugins installed', args: [bin, '--version'], env: { SCAIVAULT_HOME: fifty } },
  { id: 'cmd1', label: '`scaivault config path`, 1 plugin installed', args: [bin, 'config', 'path'], env: { SCAIVAULT_HOME: one } },
  { id: 'cmd50', label: '`scaivault config path`, 50 plugins installed', args: [bin, 'config', 'path'], env: { SCAIVAULT_HOME: fifty } },
  { id: 'help50', label: '`scaivault --help`, 50 plugins installed', args: [bin, '--help'], env: { SCAIVAULT_HOME: fifty } },
  {
    id: 'sdk',
    label: '`import("@scaivault/sdk")`',
    args: ['--input-type=module', '-e', 'await import("@scaivault/sdk")'],
    env: {},
    cwd: root,
  },
  {
    id: 'read',
    label: '`scaivault secrets read P --field F` (local server)',
    args: [bin, ...server.secretsRead],
    env: { SCAIVAULT_HOME: one, ...server.env },
  },
];

// Warm up: builds the plugin index caches and the OS file cache.
for (const c of cases) for (let i = 0; i < 3; i++) timeOnce(node, c.args, c.env);
const samples = Object.fromEntries(cases.map((c) => [c.id, []]));
for (let run = 0; run < RUNS; run++) for (const c of cases) samples[c.id].push(timeOnce(node, c.args, c.env));
await server.close();
rmSync(one, { recursive: true, force: true });
rmSync(fifty, { recursive: true, force: true });

const med = Object.fromEntries(cases.map((c) => [c.id, median(samples[c.id])]));
const ratio = (a, b) => med[a] / med[b];
const checks = [
  ['`--version` vs `node -e 0`', ratio('version', 'node'), 1.3],
  ['`--help` vs `node -e 0`', ratio('help', 'node'), 1.5],
  ['`--version`, 50 plugins vs 1', ratio('version50', 'version'), 1.1],
  ['a command, 50 plugins vs 1', ratio('cmd50', 'cmd1'), 1.1],
  ['`--help`, 50 plugins vs 1 (lists 49 more command groups)', ratio('help50', 'help'), undefined],
  ['SDK import vs `node -e 0`', ratio('sdk', 'node'), undefined],
  ['`secrets read --field` vs `node -e 0`', ratio('read', 'node'), 2.0],
];

const lines = [
  '# Startup benchmarks',
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${RUNS} runs per case, interleaved, after 3 warm-up runs; medians.`,
  '',
  '| case | median (ms) |',
  '|---|---:|',
  ...cases.map((c) => `| ${c.label} | ${med[c.id].toFixed(1)} |`),
  '',
  '| ratio | measured | target | |',
  '|---|---:|---:|---|',
  ...checks.map(
    ([name, value, target]) =>
      `| ${name} | ${value.toFixed(2)}× | ${target ? `≤ ${target}×` : '—'} | ${target ? (value <= target ? 'ok' : 'MISSED') : ''} |`,
  ),
  '',
];
writeSection('startup', lines);
console.log(lines.join('\n'));
