#!/usr/bin/env node
// Startup benchmark: runs each case many times, interleaved so machine noise hits all of them
// alike, and reports medians and ratios against `node -e 0` and against the floor script (a bare
// node:http GET of the same secret). Every case runs twice: with NODE_EXTRA_CA_CERTS as this
// machine has it, and with it unset for both sides — the variable makes every Node process parse
// the whole CA bundle first, which hides the CLI's own cost, so the unset figures are the headline.
// `--before DIR` also times the build in DIR (a copy of the workspace) in the same run.
//   npm run bench [-- --runs 25] [-- --before /tmp/previous-build]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './bench-server.mjs';
import { writeSection } from './write-section.mjs';
import { digestPackage } from '../core/dist/src/loader/package-digest.js';

const root = new URL('..', import.meta.url).pathname;
const argValue = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const RUNS = Number(argValue('--runs') ?? 21);
const before = argValue('--before');

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

/** A self-signed certificate for the `pki inspect` case. */
function certificateFile(dir) {
  const pem = join(dir, 'bench.pem');
  const key = join(dir, 'bench.key');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', pem];
  const made = spawnSync('openssl', [...args, '-subj', '/CN=bench.example', '-days', '30'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
  return pem;
}

const MODES = [
  { id: 'unset', label: 'NODE_EXTRA_CA_CERTS unset', env: (env) => (delete env.NODE_EXTRA_CA_CERTS, env) },
  { id: 'set', label: `NODE_EXTRA_CA_CERTS as the machine has it`, env: (env) => env },
];

const reportCpu = join(root, 'bench', 'report-cpu.cjs');

/** One run: wall ms, and the process's own CPU ms (user + system) as bench/report-cpu.cjs reports it. */
function timeOnce(c, mode) {
  const env = mode.env({ ...process.env, ...c.env });
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', reportCpu, ...c.args], {
    env,
    cwd: c.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${c.args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wall: ms, cpu: Number(String(result.output[3]).trim()) / 1000 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const loadBefore = loadavg()[0];
const server = await startBenchServer();
const scratch = mkdtempSync(join(tmpdir(), 'sv-bench-'));
const pem = certificateFile(scratch);
const homes = [];
const floorArgs = [join(root, 'bench', 'floor-read.mjs'), ...server.secretsRead.filter((arg) => !arg.startsWith('-')).slice(2)];
const cases = [
  { id: 'node', build: '', label: '`node -e 0`', args: ['-e', '0'], env: {} },
  { id: 'floor', build: '', label: 'floor: bare `node:http` GET of the secret, prints the field', args: floorArgs, env: server.env },
];
/** The same CLI cases for each build timed; each build gets its own homes (their caches differ). */
function cliCases(build, dir) {
  const bin = join(dir, 'cli', 'bin', 'scaivault.js');
  const one = homeWithPlugins(1);
  const fifty = homeWithPlugins(50);
  homes.push(one, fifty);
  const cli = (id, label, args, home, env = {}) => ({
    id: `${id}@${build}`,
    build,
    label,
    args: [bin, ...args],
    env: { SCAIVAULT_HOME: home, ...env },
  });
  return [
    cli('version', '`scaivault --version`', ['--version'], one),
    cli('version50', '`scaivault --version`, 50 plugins installed', ['--version'], fifty),
    cli('help', '`scaivault --help`', ['--help'], one),
    cli('help50', '`scaivault --help`, 50 plugins installed', ['--help'], fifty),
    cli('read', '`scaivault secrets read P --field F`', server.secretsRead, one, server.env),
    cli('read50', '`scaivault secrets read P --field F`, 50 plugins installed', server.secretsRead, fifty, server.env),
    cli('list', '`scaivault secrets list --json` (one page)', ['secrets', 'list', '--json'], one, server.env),
    cli('inspect', '`scaivault pki inspect FILE` (a certificate)', ['pki', 'inspect', pem], one),
    // What bounds the cases above: core loaded from its code cache with nothing run, and a built-in
    // command that makes no request and loads no plugin.
    {
      id: `core@${build}`,
      build,
      label: 'core loaded (startup loader, bundle and its code cache), nothing run',
      args: [
        '-e',
        `require(${JSON.stringify(join(dir, 'core', 'dist', 'bundle', 'startup.cjs'))}).loadCore({ env: process.env, importModule: (s) => import(s) })`,
      ],
      env: { SCAIVAULT_HOME: one },
    },
    cli('configpath', "`scaivault config path` (core's own commands, no request, no plugin)", ['config', 'path'], one),
    {
      id: `sdk@${build}`,
      build,
      label: '`import("@scaivault/sdk")`',
      args: ['--input-type=module', '-e', 'await import("@scaivault/sdk")'],
      env: {},
      cwd: dir,
    },
  ];
}
const builds = before
  ? [
      ['before', before],
      ['after', root],
    ]
  : [['after', root]];
for (const [build, dir] of builds) cases.push(...cliCases(build, dir));

// Warm up: builds the plugin index and code caches and fills the OS file cache.
for (const mode of MODES) for (const c of cases) for (let i = 0; i < 3; i++) timeOnce(c, mode);
const samples = new Map();
for (let run = 0; run < RUNS; run++)
  for (const mode of MODES)
    for (const c of cases) {
      const key = `${c.id}/${mode.id}`;
      if (!samples.has(key)) samples.set(key, []);
      samples.get(key).push(timeOnce(c, mode));
    }
await server.close();
for (const dir of [...homes, scratch]) rmSync(dir, { recursive: true, force: true });

let measure = 'wall';
const med = (id, mode) => median(samples.get(`${id}/${mode}`).map((sample) => sample[measure]));
const buildIds = builds.map(([build]) => build);
const columns = MODES.flatMap((mode) => buildIds.map((build) => ({ mode, build })));
const caseRows = [
  ...cases.filter((c) => c.build === ''),
  ...cases.filter((c) => c.build === 'after').map((c) => ({ ...c, id: c.id.replace(/@after$/, '') })),
];
const cell = (id, mode, build) => {
  const key = caseRows.find((c) => c.id === id).build === '' ? id : `${id}@${build}`;
  return med(key, mode);
};

const checks = [
  ['`secrets read --field` vs the floor', 'read', 'floor', 1.5],
  ['`secrets list --json` vs the floor', 'list', 'floor', 1.5],
  ['`--help` vs `node -e 0`', 'help', 'node', 1.2],
  ['`--version` vs `node -e 0`', 'version', 'node', 1.2],
  ['`pki inspect` vs `node -e 0`', 'inspect', 'node', 1.5],
  ['`--version`, 50 plugins vs 1', 'version50', 'version', 1.05],
  ['`--help`, 50 plugins vs 1 (lists 49 more command groups)', 'help50', 'help', 1.05],
  ['`secrets read`, 50 plugins vs 1', 'read50', 'read', 1.05],
  ['floor vs `node -e 0`', 'floor', 'node', undefined],
  ['SDK import vs `node -e 0`', 'sdk', 'node', undefined],
];
const head = (name) => `| ${name} | ${columns.map(({ mode, build }) => `${mode.id}${before ? `, ${build}` : ''}`).join(' | ')} |`;
const rule = `|---|${columns.map(() => '---:').join('|')}|`;
const tables = () => [
  head('case (ms)'),
  rule,
  ...caseRows.map((c) => `| ${c.label} | ${columns.map(({ mode, build }) => cell(c.id, mode.id, build).toFixed(1)).join(' | ')} |`),
  '',
  `${head('ratio').replace(/ \|$/, ' | target | |')}`,
  `${rule}---:|---|`,
  ...checks.map(([name, a, b, target]) => {
    const values = columns.map(({ mode, build }) => cell(a, mode.id, build) / cell(b, mode.id, build));
    const headline = cell(a, 'unset', 'after') / cell(b, 'unset', 'after');
    const verdict = target ? (headline <= target ? 'ok' : 'MISSED') : '';
    return `| ${name} | ${values.map((v) => `${v.toFixed(2)}×`).join(' | ')} | ${target ? `≤ ${target}×` : '—'} | ${verdict} |`;
  }),
  '',
];
/** For each target still missed (unset, wall): by how much, and the fixed costs measured in this run that it cannot get below. */
function bounds() {
  measure = 'wall';
  const at = (id) => cell(id, 'unset', 'after');
  const ms = (value) => `${value.toFixed(1)} ms`;
  const node = at('node');
  const fixed = `Node's own start (\`node -e 0\`) ${ms(node)}; loading core (startup loader, bundle, code cache) ${ms(at('core') - node)} more`;
  const out = [];
  for (const [name, a, b, target] of checks) {
    if (!target || at(a) / at(b) <= target) continue;
    const allowed = target * at(b);
    let why;
    if (a === 'read' || a === 'list' || a === 'inspect') {
      const request = a === 'inspect' ? undefined : at('floor') - node;
      why =
        `${fixed}; then the command ${ms(at(a) - at('core'))}: the plugin index, the runtime, clipanion, tsyringe and reflect-metadata, ` +
        `the plugin's bundle and ${a === 'inspect' ? 'parsing the certificate' : 'the SDK and the request'}` +
        (request === undefined ? '' : ` (the floor's whole request is ${ms(request)})`) +
        `; for comparison \`config path\` (core's own commands, no request) takes ${ms(at('configpath') - at('core'))} after core is loaded. ` +
        `Within ${target}× the ${b === 'floor' ? 'floor' : '`node -e 0`'} leaves ${ms(allowed - node)} for everything after Node's start.`;
    } else if (a === 'help') {
      why = `the help printed from its cache: the bin and the startup loader, a read of the help cache and a \`stat\` of each file it was made from, ${ms(at('help') - node)} after Node's start; ${target}× leaves ${ms(allowed - node)}.`;
    } else if (a === 'help50') {
      why = `${ms(at(a) - at(b))} more with 50 plugins: the cached help is current only while every file it was made from is, so it stats each plugin's package.json, manifest and entry (150 more \`stat\` calls, each making a Stats object), and prints 49 more groups.`;
    } else {
      why = `${ms(at(a) - at(b))} more with 50 plugins: reading and checking the larger plugin index (its JSON, 50 more candidates, a \`stat\` of each installed plugin's entry).`;
    }
    out.push(
      `- ${name}: ${ms(at(a))}, ${(at(a) / at(b)).toFixed(2)}× (allowed ${ms(allowed)}, over by ${ms(at(a) - allowed)}). Bounded by ${why}`,
    );
  }
  return out.length === 0 ? [] : ['## What bounds the targets still missed (unset, wall, after)', '', ...out, ''];
}

const lines = [
  '# Startup benchmarks',
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${RUNS} runs per case, interleaved, after 3 warm-up runs; medians. ` +
    '"unset" runs every process (the baselines too) without `NODE_EXTRA_CA_CERTS`; "set" with it as this machine has it (the system CA bundle, parsed by every Node process before it starts). ' +
    (before ? '"before" is the previous build, kept in a copy of the workspace and timed in the same run. ' : '') +
    'Every process, the baselines included, starts with `--require bench/report-cpu.cjs`, which reports its CPU time. ' +
    `The machine is shared (load average ${loadBefore.toFixed(1)} when the run started, ${loadavg()[0].toFixed(1)} when it ended, on ${availableParallelism()} cores), so the figures are indicative; the ratios, taken within one run, are what to compare. Targets apply to the unset wall-time figures.`,
  '',
  '## Wall time (what a user waits)',
  '',
  ...((measure = 'wall'), tables()),
  '## CPU time (user + system of the process itself, from `process.cpuUsage()` at exit; what a loaded machine distorts least)',
  '',
  ...((measure = 'cpu'), tables()),
  ...bounds(),
];
writeSection('startup', lines);
console.log(lines.join('\n'));
