#!/usr/bin/env node
// Install benchmark: every package published to a real npm registry on loopback (Verdaccio, as the
// registry install test does), then `npm install -g` of the default distribution (scaivault) and of
// the lean one (@scaivault/cli-lean), each on a clean prefix with an empty npm cache: wall time, size
// on disk, packages, native builds and whether a web server came along. Then the installed CLI's
// startup against the workspace's, interleaved, same cases. Offline: the registry is on 127.0.0.1 and
// nothing else is reachable, so a native module is compiled from source (online, prebuild-install
// downloads a prebuilt better-sqlite3 instead; pkcs11js has none and always compiles).
//   node bench/install.mjs [--lean-runs 3] [--runs 21]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './bench-server.mjs';
import { writeSection } from './write-section.mjs';
import { publishableDirs } from '../scripts/check-packages.mjs';
import { publishDependencies, publishPackages, startRegistry } from '../tools/registry/registry.mjs';
import { installEnv, run } from '../test/dist/test/npm-registry.js';

const root = new URL('..', import.meta.url).pathname;
const argValue = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return Number(at > 0 ? process.argv[at + 1] : fallback);
};
const LEAN_RUNS = argValue('--lean-runs', 3);
const RUNS = argValue('--runs', 21);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'sv-bench-install-'));
const loadBefore = loadavg()[0];
const registry = await startRegistry(join(work, 'registry'));
const npmCache = spawnSync('npm', ['config', 'get', 'cache'], {
  encoding: 'utf8',
  env: { PATH: process.env.PATH, HOME: process.env.HOME },
}).stdout.trim();
await publishDependencies(registry, npmCache);
await publishPackages(registry, publishableDirs(), join(work, 'publish-cache'));

/** Every installed package directory under a node_modules tree. */
function packagesUnder(dir, found = []) {
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) return found;
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue;
    const scoped = name.startsWith('@') ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name];
    for (const pkg of scoped) {
      const at = join(modules, pkg);
      if (!existsSync(join(at, 'package.json'))) continue;
      found.push(at);
      packagesUnder(at, found);
    }
  }
  return found;
}

function sizeMb(dir) {
  const du = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
  return Number(du.stdout.split('\t')[0]) / 1024;
}

/** One install of `spec` on a fresh prefix and an empty cache. */
async function installOnce(spec, label) {
  const base = join(work, `${label}-${Math.random().toString(16).slice(2)}`);
  const env = installEnv(base, registry.url);
  const result = await run('npm', ['install', '-g', spec], { env });
  if (result.status !== 0) throw new Error(`npm install -g ${spec} failed: ${result.stderr}`);
  const prefix = join(base, 'prefix');
  const packages = packagesUnder(join(prefix, 'lib'));
  // A native build: a package with a binding.gyp that ended up with a compiled .node file.
  const native = packages.filter((dir) => existsSync(join(dir, 'binding.gyp')) && existsSync(join(dir, 'build', 'Release')));
  const names = packages.map((dir) => dir.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return {
    base,
    env,
    bin: join(prefix, 'bin', 'scaivault'),
    seconds: result.ms / 1000,
    mb: sizeMb(prefix),
    packages: packages.length,
    native: native.map((dir) => dir.slice(dir.lastIndexOf('/') + 1)),
    webServer: names.includes('fastify'),
  };
}

const defaultInstall = await installOnce('scaivault', 'default');
const leanInstalls = [];
for (let i = 0; i < LEAN_RUNS; i++) leanInstalls.push(await installOnce('@scaivault/cli-lean', 'lean'));
const lean = leanInstalls[0];

// Startup: the installed default distribution against the workspace's bin, same cases, interleaved.
const server = await startBenchServer();
const reportCpu = join(root, 'bench', 'report-cpu.cjs');
const homes = { installed: join(work, 'home-installed'), workspace: join(work, 'home-workspace') };
const builds = [
  { id: 'workspace', label: 'workspace (`cli/bin/scaivault.js`)', bin: join(root, 'cli', 'bin', 'scaivault.js'), home: homes.workspace },
  { id: 'installed', label: '`npm install -g scaivault`', bin: defaultInstall.bin, home: homes.installed },
];
const cases = [
  { id: 'version', label: '`scaivault --version`', args: ['--version'] },
  { id: 'help', label: '`scaivault --help`', args: ['--help'] },
  { id: 'read', label: '`scaivault secrets read P --field F`', args: server.secretsRead, env: server.env },
];
const timings = new Map();
function timeOnce(build, c) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, SCAIVAULT_HOME: build.home, ...(c.env ?? {}) };
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', reportCpu, build.bin, ...c.args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${build.id} ${c.args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wall, cpu: Number(String(result.output[3]).trim()) / 1000 };
}
// Warm-up (code caches, the root help cache) before anything is counted.
for (const build of builds) for (const c of cases) for (let i = 0; i < 3; i++) timeOnce(build, c);
for (let i = 0; i < RUNS; i++) {
  for (const c of cases) {
    for (const build of builds) {
      const key = `${c.id}@${build.id}`;
      if (!timings.has(key)) timings.set(key, { wall: [], cpu: [] });
      const t = timeOnce(build, c);
      timings.get(key).wall.push(t.wall);
      timings.get(key).cpu.push(t.cpu);
    }
  }
}
await server.close();
await registry.stop();
const loadAfter = loadavg()[0];
rmSync(work, { recursive: true, force: true });

const fmt = (n, digits = 1) => n.toFixed(digits);
const leanSeconds = leanInstalls.map((i) => i.seconds);
const lines = [
  '## Installing',
  '',
  `\`node bench/install.mjs\` publishes every package to Verdaccio on loopback and installs each distribution with`,
  `\`npm install -g\` on a clean prefix and an empty npm cache (Node ${process.versions.node}, npm ${spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim()},`,
  `${availableParallelism()} cores shared with other work, load ${fmt(loadBefore, 2)} before and ${fmt(loadAfter, 2)} after: indicative figures).`,
  'Offline, so native modules compile from source; online, better-sqlite3 is a prebuilt download and only pkcs11js compiles.',
  '',
  '| distribution | install | size on disk | packages | native builds | web server |',
  '|---|---:|---:|---:|---|---|',
  `| \`npm install -g scaivault\` (default) | ${fmt(defaultInstall.seconds)} s | ${fmt(defaultInstall.mb)} MB | ${defaultInstall.packages} | ${defaultInstall.native.length}: ${defaultInstall.native.join(', ') || '—'} | ${defaultInstall.webServer ? 'fastify' : 'none'} |`,
  `| \`npm install -g @scaivault/cli-lean\` (CI) | ${fmt(median(leanSeconds))} s (median of ${leanSeconds.length}: ${leanSeconds.map((s) => fmt(s)).join(', ')}) | ${fmt(lean.mb)} MB | ${lean.packages} | ${lean.native.length}${lean.native.length ? `: ${lean.native.join(', ')}` : ''} | ${lean.webServer ? 'fastify' : 'none'} |`,
  '',
  `Target: the lean install under 15 s with no native build — ${median(leanSeconds) < 15 && lean.native.length === 0 ? 'met' : 'missed'}.`,
  '',
  `Startup of the installed CLI against the workspace's (median of ${RUNS} runs each, interleaved, after warm-up; wall ms, CPU ms in brackets):`,
  '',
  `| case | ${builds.map((b) => b.label).join(' | ')} | installed / workspace |`,
  `|---|${builds.map(() => '---:').join('|')}|---:|`,
  ...cases.map((c) => {
    const [w, i] = builds.map((b) => timings.get(`${c.id}@${b.id}`));
    return `| ${c.label} | ${fmt(median(w.wall))} (${fmt(median(w.cpu))}) | ${fmt(median(i.wall))} (${fmt(median(i.cpu))}) | ${fmt(median(i.wall) / median(w.wall), 2)} |`;
  }),
  '',
];
writeSection('install', lines);
console.log(lines.join('\n'));
