#!/usr/bin/env node
// Generates (or with --check, verifies) a plugin's command manifest from its compiled commands:
//   scaivault-manifest [--check] [plugin-dir]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildManifest } from '../loader/build-manifest.js';
import { bareSharedImports } from '../loader/shared-imports.js';
import { isPlugin } from '../plugin/define-plugin.js';
import { SHARED_ALIASES } from '../runtime/shared-packages.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const dir = resolve(args.find((arg) => !arg.startsWith('-')) ?? '.');

/** One line naming what went wrong, never a stack trace: this runs in every plugin's build. */
function fail(message: string): never {
  console.error(`scaivault-manifest: ${message}`);
  process.exit(1);
}

let pkg: { name: string; version: string; scaivault?: { entry: string; manifest: string } };
try {
  pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as typeof pkg;
} catch (error) {
  fail(`cannot read ${join(dir, 'package.json')}: ${(error as Error).message.split('\n')[0]}`);
}
if (!pkg.scaivault) {
  console.error(`scaivault-manifest: ${dir}/package.json has no "scaivault" field`);
  process.exit(1);
}
// Checked before the plugin is imported: in a plugin bundled with the CLI such an import gets a second
// copy of the package (clipanion's then fails with "Extraneous positional argument").
const entry = join(dir, pkg.scaivault.entry);
const bare = bareSharedImports(entry, SHARED_ALIASES);
if (bare.length > 0) {
  for (const { file, specifier, use } of bare) {
    console.error(
      `scaivault-manifest: ${relative(dir, file)} imports "${specifier}": import "${use}" instead, so that every plugin shares core's copy`,
    );
  }
  process.exit(1);
}
let plugin: unknown;
try {
  ({ default: plugin } = (await import(pathToFileURL(entry).href)) as { default: unknown });
} catch (error) {
  // A require() or computed import of a package the plugin does not have, a syntax error, a throw at
  // the top level: the plugin's own fault, said in one line with the file it comes from.
  fail(`importing ${pkg.scaivault.entry} failed: ${(error as Error).message.split('\n')[0]}`);
}
if (!isPlugin(plugin)) {
  console.error(`scaivault-manifest: ${pkg.scaivault.entry} does not default-export a plugin`);
  process.exit(1);
}
// package.json is the one source of a plugin's version: the loader reads it from there, so the plugin object must agree.
if (plugin.version !== pkg.version || plugin.name !== pkg.name) {
  console.error(
    `scaivault-manifest: ${pkg.scaivault.entry} declares ${plugin.name}@${plugin.version} but package.json is ${pkg.name}@${pkg.version}: make them the same`,
  );
  process.exit(1);
}
const manifest = buildManifest({ name: pkg.name, version: pkg.version, commands: plugin.commands }, 'scaivault');
const text = `${JSON.stringify(manifest, null, 2)}\n`;
const target = join(dir, pkg.scaivault.manifest);

if (check) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing manifest is stale too.
  }
  if (current !== text) {
    console.error(`scaivault-manifest: ${target} is stale: rebuild it with scaivault-manifest ${dir}`);
    process.exit(1);
  }
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}
