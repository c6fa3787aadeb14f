#!/usr/bin/env node
// Checks that every publishable package is what a registry should get: `npm pack` holds the files
// its package.json points at and nothing a user does not run (no tsbuildinfo, tests, fixtures,
// TypeScript sources or source maps), it names its license, engines and description, and every
// range one of our packages gives another (dependencies, peers, a plugin's `core`) accepts the
// version that package has. The package list comes from the workspace (and docs/examples/), so a
// new plugin is checked, and published by the registry tests, without being named anywhere.
//   node scripts/check-packages.mjs        (exit 1 and one line per problem when something is off)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const semver = createRequire(join(root, 'core', 'package.json'))('semver');

/** Directories of every package that is published: non-private workspaces, the distributions under distributions/, the examples under docs/examples/. */
export function publishableDirs() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const expand = (pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)))
          .map((name) => join(root, pattern.slice(0, -2), name))
          .filter((dir) => existsSync(join(dir, 'package.json')))
      : [join(root, pattern)];
  const dirs = [...workspaces, 'distributions/*', 'docs/examples/*'].flatMap(expand);
  return dirs.filter((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true);
}

// What a published package must never hold.
const UNWANTED = [
  [/\.tsbuildinfo$/, 'a TypeScript build-info file'],
  [/(^|\/)(test|tests|__tests__)\//, 'a test'],
  [/(^|\/)fixtures?\//, 'a fixture'],
  [/\.test\.[cm]?js$/, 'a test'],
  [/(?<!\.d)\.[cm]?ts$/, 'a TypeScript source'],
  [/\.map$/, 'a source map'],
];

/** Every file a package.json names as something to load (exports, main, types, bin, a plugin's entry and manifest). */
export function referencedFiles(pkg) {
  const found = new Set();
  const add = (value) => {
    if (typeof value === 'string') {
      if (!value.includes('*')) found.add(value.replace(/^\.\//, ''));
    } else if (value && typeof value === 'object') for (const inner of Object.values(value)) add(inner);
  };
  add(pkg.exports);
  add(pkg.main);
  add(pkg.types);
  add(typeof pkg.bin === 'string' ? pkg.bin : pkg.bin && Object.values(pkg.bin));
  add(pkg.scaivault?.entry);
  add(pkg.scaivault?.manifest);
  return [...found];
}

/** What is wrong with one package's tarball, given its package.json and the paths `npm pack` would put in it. */
export function packProblems(pkg, files) {
  const problems = [];
  for (const file of files) {
    const unwanted = UNWANTED.find(([pattern]) => pattern.test(file));
    if (unwanted) problems.push(`${pkg.name}: ${file} is ${unwanted[1]}, which no user runs: narrow "files"`);
  }
  const packed = new Set(files);
  for (const file of referencedFiles(pkg)) {
    if (!packed.has(file)) problems.push(`${pkg.name}: package.json points at ${file}, which the package does not contain`);
  }
  if (!files.some((file) => /^readme(\.md)?$/i.test(file))) problems.push(`${pkg.name}: no README`);
  for (const field of ['description', 'license']) if (!pkg[field]) problems.push(`${pkg.name}: no "${field}"`);
  if (!pkg.engines?.node) problems.push(`${pkg.name}: no "engines.node"`);
  if (pkg.scaivault?.entry && pkg.name !== '@scaivault/core' && !pkg.keywords?.includes('scaivault-plugin'))
    problems.push(`${pkg.name}: a plugin without the "scaivault-plugin" keyword, which \`scaivault plugins search\` looks for`);
  return problems;
}

/** Ranges between our own packages that do not accept the version the other package has. */
export function rangeProblems(packages) {
  const versions = new Map(packages.map((pkg) => [pkg.name, pkg.version]));
  const problems = [];
  for (const pkg of packages) {
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        const version = versions.get(name);
        if (version !== undefined && !semver.satisfies(version, range))
          problems.push(`${pkg.name}: ${field} wants ${name}@${range}, but ${name} is ${version}`);
      }
    }
    const core = versions.get('@scaivault/core');
    if (pkg.scaivault?.core && pkg.name !== '@scaivault/core' && core && !semver.satisfies(core, pkg.scaivault.core))
      problems.push(`${pkg.name}: "scaivault.core" is ${pkg.scaivault.core}, but @scaivault/core is ${core}`);
    for (const plugin of pkg.scaivault?.plugins ?? []) {
      if (!pkg.dependencies?.[plugin]) problems.push(`${pkg.name}: bundles ${plugin} without depending on it`);
    }
  }
  return problems;
}

/**
 * A distribution under distributions/ (the lean CLI) runs the same entry as the scaivault package:
 * its bin/ and sdk/ files must be copies of cli/'s, and every plugin both bundle at the same version.
 */
export function distributionProblems(cliDir, dir) {
  const problems = [];
  const cli = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const file of ['bin/scaivault.js', 'sdk/index.mjs', 'sdk/index.d.mts']) {
    const theirs = existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined;
    if (theirs !== readFileSync(join(cliDir, file), 'utf8')) problems.push(`${pkg.name}: ${file} differs from cli/${file}: copy it again`);
  }
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    const ours = cli.dependencies?.[name];
    if (ours !== undefined && ours !== range) problems.push(`${pkg.name}: depends on ${name}@${range}, the scaivault package on ${ours}`);
  }
  return problems;
}

/** The paths `npm pack` would put in the tarball of the package in `dir`. */
export function packedFiles(dir) {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm pack in ${relative(root, dir)} failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout)[0].files.map((file) => file.path);
}

function main() {
  const dirs = publishableDirs();
  const packages = dirs.map((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
  const distributions = dirs.filter((dir) => relative(root, dir).startsWith('distributions/'));
  const problems = [
    ...dirs.flatMap((dir, i) => packProblems(packages[i], packedFiles(dir))),
    ...rangeProblems(packages),
    ...distributions.flatMap((dir) => distributionProblems(join(root, 'cli'), dir)),
  ];
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log(`${packages.length} packages: contents and versions consistent`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
