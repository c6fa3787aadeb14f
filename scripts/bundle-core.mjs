#!/usr/bin/env node
// Bundles @scaivault/core (with the SDK, clipanion, typanion, tsyringe and undici it carries) into
// ESM chunks under core/dist/bundle. Loading a few chunks instead of a few hundred files is most of
// what keeps startup fast. Every public entry point is built in one pass with code splitting, so a
// module exists once however many entry points (and plugins) reach it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const core = fileURLToPath(new URL('../core/', import.meta.url));
const compiled = `${core}dist/src/`;

/** Public entry points: package.json "exports" point at the bundle files named here. */
const entryPoints = {
  index: `${compiled}index.js`,
  runtime: `${compiled}runtime/run.js`,
  commands: `${compiled}commands/index.js`,
  loader: `${compiled}loader/index.js`,
  testing: `${compiled}testing/index.js`,
  'manifest-cli': `${compiled}bin/scaivault-manifest.js`,
  // Registered as a module hook by path: it must stay a file of its own.
  'shared-modules-hook': `${compiled}loader/shared-modules-hook.js`,
  clipanion: `${compiled}vendor/clipanion.js`,
  typanion: `${compiled}vendor/typanion.js`,
  tsyringe: `${compiled}vendor/tsyringe.js`,
  undici: `${compiled}vendor/undici.js`,
  sdk: `${compiled}vendor/sdk.js`,
};

// These packages are CommonJS: an ESM bundle cannot see their export names through `export *` or
// a dynamic import(), so every import of them goes through core's facade, which names each export.
const FACADES = /^(clipanion|typanion|tsyringe|undici)$/;
const vendorFacades = {
  name: 'vendor-facades',
  setup(builder) {
    builder.onResolve({ filter: FACADES }, (args) => {
      const facade = `${compiled}vendor/${args.path}.js`;
      return args.importer === facade ? undefined : { path: facade };
    });
  },
};

// Chunk names carry content hashes: clear out the previous build's.
rmSync(`${core}dist/bundle`, { recursive: true, force: true });

await build({
  entryPoints,
  outdir: `${core}dist/bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS code calls require() for Node built-ins.
  banner: { js: "import { createRequire as __scaivaultRequire } from 'node:module'; const require = __scaivaultRequire(import.meta.url);" },
  plugins: [vendorFacades],
  logLevel: 'warning',
});
