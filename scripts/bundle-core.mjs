#!/usr/bin/env node
// Bundles @scaivault/core (with the SDK, clipanion, typanion, tsyringe and undici it carries) into one
// CommonJS file, core/dist/bundle/core.cjs, that holds every public entry point as a lazy property.
// One file is what lets the CLI hand V8 a code cache for all of core (see core/src/startup/): ES
// modules get none on Node 20. The package's ES entry points (index.js, runtime.js, …) are generated
// facades that require that one file, so however core is reached — the CLI, a plugin, a test — a
// process holds one copy of it, and one copy of each class a plugin may check with instanceof.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CORE_ENTRY_POINTS } from './core-entry-points.mjs';
import { traceModules } from './module-trace.mjs';
import { escapeNonAscii } from './ascii-only.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const core = `${root}core/`;
const compiled = `${core}dist/src/`;
const out = `${core}dist/bundle/`;

const entryPoints = Object.fromEntries(Object.entries(CORE_ENTRY_POINTS).map(([name, file]) => [name, `${compiled}${file}`]));

// These packages are CommonJS: every import of them goes through core's facade, which names each export.
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

// A plugin's entry is an ES module found at run time: that one import must stay a real import().
// Inside the code-cached script Node offers no import(), so the loader passes one in.
const realImport = {
  name: 'real-import',
  setup(builder) {
    builder.onLoad({ filter: /[/\\]loader[/\\]import-module\.js$/ }, () => ({
      contents:
        'export const importModule = (specifier) =>\n' +
        "  typeof __scaivaultImport === 'function' ? __scaivaultImport(specifier) : new Function('specifier', 'return import(specifier)')(specifier);\n",
      loader: 'js',
    }));
  },
};

// clipanion builds its default context when it loads (process.stdin among it, which makes a stream and
// loads fs/promises and readline, or net) and spreads it into every run, which also reads core's lazy
// stdin. Here the defaults are getters and the merge copies descriptors, so stdin is made only by a
// command that reads it. A clipanion whose source no longer matches fails the build, not the CLI.
const lazyClipanionContext = {
  name: 'lazy-clipanion-context',
  setup(builder) {
    builder.onLoad({ filter: /[/\\]clipanion[/\\]lib[/\\]advanced[/\\]Cli\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      let source = await readFile(args.path, 'utf8');
      const replace = (from, to, count) => {
        const found = source.split(from).length - 1;
        if (found !== count) throw new Error(`clipanion's Cli.js changed: expected ${count} of ${JSON.stringify(from)}, found ${found}`);
        source = source.split(from).join(to);
      };
      replace(
        'const context = {\n            ...Cli.defaultContext,\n            ...userContext,\n        };\n',
        'const context = Object.defineProperties({}, mergedContextDescriptors(userContext));\n',
        2,
      );
      replace(
        'Cli.defaultContext = {\n    env: process.env,\n    stdin: process.stdin,\n    stdout: process.stdout,\n    stderr: process.stderr,\n    colorDepth: platform.getDefaultColorDepth(),\n};\n',
        'Cli.defaultContext = {\n    env: process.env,\n    get stdin() { return process.stdin; },\n    get stdout() { return process.stdout; },\n    get stderr() { return process.stderr; },\n    get colorDepth() { return platform.getDefaultColorDepth(); },\n};\n' +
          'function mergedContextDescriptors(userContext) {\n    return { ...Object.getOwnPropertyDescriptors(Cli.defaultContext), ...Object.getOwnPropertyDescriptors(userContext) };\n}\n',
        1,
      );
      return { contents: source, loader: 'js' };
    });
  },
};

rmSync(out, { recursive: true, force: true });

const lazyEntries = Object.entries(entryPoints)
  .map(([name, file]) => `  get ${JSON.stringify(name)}() { return require(${JSON.stringify(file)}); },`)
  .join('\n');
await build({
  stdin: { contents: `module.exports = {\n${lazyEntries}\n};\n`, resolveDir: compiled, sourcefile: 'core-entry.js', loader: 'js' },
  absWorkingDir: root,
  outfile: `${out}core.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Lazily imported modules stay lazy: import() of bundled code becomes a deferred require().
  supported: { 'dynamic-import': false },
  // The modules use import.meta.url to find core's directory and to resolve shared packages from it.
  define: { 'import.meta.url': '__scaivaultModuleUrl' },
  banner: { js: "'use strict';\nconst __scaivaultModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // undici (1 MB, most of it fetch, WebSocket and mocks) stays a package of its own: a code cache of
  // it would cost more to read than the CLI path, which needs two of its modules, saves.
  external: ['undici', 'undici/*'],
  plugins: [vendorFacades, realImport, lazyClipanionContext],
  logLevel: 'warning',
});

traceModules(`${out}core.cjs`);
escapeNonAscii(`${out}core.cjs`);

// The ES facades: one per entry point, each a view of the bundle's copy.
const bundle = createRequire(import.meta.url)(`${out}core.cjs`);
for (const name of Object.keys(entryPoints)) {
  const names = Object.keys(bundle[name]).filter((key) => key !== '__esModule' && key !== 'default');
  const hasDefault = 'default' in bundle[name];
  writeFileSync(
    `${out}${name}.js`,
    [
      '// Generated by scripts/bundle-core.mjs: this entry point is a view of the one bundle, core.cjs.',
      "import { createRequire } from 'node:module';",
      `const entry = createRequire(import.meta.url)('./core.cjs')[${JSON.stringify(name)}];`,
      names.length > 0 ? `export const { ${names.join(', ')} } = entry;` : '',
      hasDefault ? 'export default entry.default;' : '',
      '',
    ].join('\n'),
  );
}

// The startup loader (CommonJS like the bundle it loads): the CLI requires it before, and without, the
// bundle. Required rather than imported, Node makes no ES facade of the built-ins it uses (node:fs's
// facade alone reads every lazy export of fs, streams included).
await build({
  entryPoints: [`${compiled}startup/load-core.js`],
  absWorkingDir: root,
  outfile: `${out}startup.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': '__scaivaultModuleUrl' },
  banner: { js: "'use strict';\nconst __scaivaultModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// Separate ES modules: the manifest tool runs as its own process; the resolution hook is registered
// by path and runs on the loader thread.
await build({
  entryPoints: {
    'manifest-cli': `${compiled}bin/scaivault-manifest.js`,
    'shared-modules-hook': `${compiled}loader/shared-modules-hook.js`,
  },
  absWorkingDir: root,
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The manifest tool registers plugin commands with clipanion: it must be the bundle's copy.
  plugins: [
    {
      name: 'shared-facades',
      setup(builder) {
        builder.onResolve({ filter: FACADES }, (args) => ({ path: `@scaivault/core/${args.path}`, external: true }));
      },
    },
  ],
  logLevel: 'warning',
});
