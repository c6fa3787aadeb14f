import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO } from './workspace.js';

interface Pkg {
  name: string;
  version: string;
  [field: string]: unknown;
}
const { packProblems, rangeProblems, publishableDirs } = (await import(
  pathToFileURL(join(REPO, 'scripts', 'check-packages.mjs')).href
)) as {
  packProblems: (pkg: Pkg, files: string[]) => string[];
  rangeProblems: (packages: Pkg[]) => string[];
  publishableDirs: () => string[];
};

const plugin: Pkg = {
  name: 'scaivault-plugin-hello',
  version: '1.0.0',
  description: 'hello',
  license: 'Apache-2.0',
  keywords: ['scaivault-plugin'],
  engines: { node: '>=20.10' },
  scaivault: { apiVersion: 1, core: '^0.1.0', entry: './dist/src/index.js', manifest: './dist/manifest.json' },
};
const lean = ['README.md', 'package.json', 'dist/manifest.json', 'dist/src/index.js', 'dist/src/commands/hello-greet.js'];

test('a lean plugin tarball passes', () => {
  assert.deepEqual(packProblems(plugin, lean), []);
});

test("what no user runs is named: the example plugin's old tarball (tsbuildinfo), tests, fixtures, sources, maps", () => {
  const problems = packProblems(plugin, [
    ...lean,
    'dist/tsconfig.tsbuildinfo',
    'dist/test/hello.test.js',
    'fixtures/hello/greet.json',
    'src/index.ts',
    'dist/src/index.js.map',
  ]);
  assert.deepEqual(problems, [
    'scaivault-plugin-hello: dist/tsconfig.tsbuildinfo is a TypeScript build-info file, which no user runs: narrow "files"',
    'scaivault-plugin-hello: dist/test/hello.test.js is a test, which no user runs: narrow "files"',
    'scaivault-plugin-hello: fixtures/hello/greet.json is a fixture, which no user runs: narrow "files"',
    'scaivault-plugin-hello: src/index.ts is a TypeScript source, which no user runs: narrow "files"',
    'scaivault-plugin-hello: dist/src/index.js.map is a source map, which no user runs: narrow "files"',
  ]);
  // Type declarations are what a library's users compile against: they stay.
  assert.deepEqual(packProblems(plugin, [...lean, 'dist/src/index.d.ts']), []);
});

test('a file package.json points at but the tarball lacks, a missing README, license or plugin keyword', () => {
  const problems = packProblems({ ...plugin, license: undefined, keywords: [] }, ['package.json', 'dist/src/index.js']);
  assert.deepEqual(problems, [
    'scaivault-plugin-hello: package.json points at dist/manifest.json, which the package does not contain',
    'scaivault-plugin-hello: no README',
    'scaivault-plugin-hello: no "license"',
    'scaivault-plugin-hello: a plugin without the "scaivault-plugin" keyword, which `scaivault plugins search` looks for',
  ]);
});

test("ranges between our packages must accept each other's versions", () => {
  const core: Pkg = { name: '@scaivault/core', version: '0.2.0' };
  const pki: Pkg = {
    name: '@scaivault/plugin-pki',
    version: '0.1.0',
    peerDependencies: { '@scaivault/core': '^0.1.0' },
    scaivault: { core: '^0.1.0' },
  };
  const cli: Pkg = {
    name: 'scaivault',
    version: '0.1.0',
    dependencies: { '@scaivault/core': '0.2.0', '@scaivault/plugin-pki': '0.1.1' },
    scaivault: { plugins: ['@scaivault/plugin-pki', '@scaivault/plugin-secrets'] },
  };
  assert.deepEqual(rangeProblems([core, pki, cli]), [
    '@scaivault/plugin-pki: peerDependencies wants @scaivault/core@^0.1.0, but @scaivault/core is 0.2.0',
    '@scaivault/plugin-pki: "scaivault.core" is ^0.1.0, but @scaivault/core is 0.2.0',
    'scaivault: dependencies wants @scaivault/plugin-pki@0.1.1, but @scaivault/plugin-pki is 0.1.0',
    'scaivault: bundles @scaivault/plugin-secrets without depending on it',
  ]);
});

test('the workspace as it is: every plugin the distribution bundles is published, with consistent ranges', () => {
  const packages = publishableDirs().map((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Pkg);
  const names = packages.map((pkg) => pkg.name);
  const cli = packages.find((pkg) => pkg.name === 'scaivault')!;
  for (const bundled of (cli.scaivault as { plugins: string[] }).plugins) assert.ok(names.includes(bundled), bundled);
  assert.ok(names.includes('scaivault-plugin-hello') && names.includes('@scaivault/sdk') && !names.includes('@scaivault/tests'));
  assert.deepEqual(rangeProblems(packages), []);
});
