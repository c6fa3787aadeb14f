#!/usr/bin/env node
// Bundles each plugin the CLI distribution bundles (cli/package.json "scaivault.plugins") into one
// CommonJS file beside its compiled code, <plugin>/dist/scaivault-bundle.cjs, which the CLI loads
// instead of its entry module: one file instead of dozens of ES modules is most of a plugin's load
// time. The list drives it, so a plugin added to the distribution is bundled without naming it here.
// - `@scaivault/core` (and its subpaths) is core's one bundle, core.cjs: the same copy the CLI runs.
// - Every other package stays outside, required from the plugin's own directory, so a native addon or
//   a heavy library still loads only where the code that imports it runs (lazily imported modules
//   stay lazy: esbuild turns import() of bundled code into a deferred initialiser).
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreEntryOf } from './core-entry-points.mjs';
import { traceModules } from './module-trace.mjs';
import { escapeNonAscii } from './ascii-only.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
export const PLUGIN_BUNDLE = 'dist/scaivault-bundle.cjs';

/** Core's bundle as built, to name each entry point's exports. */
let built;
const builtCore = () => (built ??= createRequire(import.meta.url)(join(root, 'core', 'dist', 'bundle', 'core.cjs')));

const coreBundle = {
  name: 'core-bundle',
  setup(builder) {
    builder.onResolve({ filter: /^@scaivault\/core(\/|$)/ }, (args) => {
      const entry = coreEntryOf(args.path);
      if (entry === undefined) return { path: args.path, external: true };
      return { path: entry, namespace: 'scaivault-core' };
    });
    // An ES module naming each export, as core's ES facades do: a CommonJS one would make every
    // module of the plugin that imports core copy all of core's exports (esbuild's __toESM) on each start.
    builder.onLoad({ filter: /.*/, namespace: 'scaivault-core' }, (args) => {
      const entry = builtCore()[args.path];
      const names = Object.keys(entry).filter((key) => key !== '__esModule' && key !== 'default');
      return {
        contents: [
          `const entry = require('@scaivault/core/core.cjs')[${JSON.stringify(args.path)}];`,
          names.length > 0 ? `export const { ${names.join(', ')} } = entry;` : '',
          'default' in entry ? 'export default entry.default;' : '',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

// import.meta.url in a bundled module is the URL of the module's own compiled file (it ships beside
// the bundle), so a plugin that finds its files relative to a module keeps finding them.
const ownModuleUrl = (bundleDir) => ({
  name: 'own-module-url',
  setup(builder) {
    builder.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      if (!contents.includes('import.meta.url')) return undefined;
      const path = `require('node:path').join(__dirname, ${JSON.stringify(relative(bundleDir, args.path))})`;
      return {
        contents: contents.replaceAll('import.meta.url', `require('node:url').pathToFileURL(${path}).href`),
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
});

const cli = JSON.parse(readFileSync(join(root, 'cli', 'package.json'), 'utf8'));
const requireFromCli = createRequire(join(root, 'cli', 'package.json'));
for (const name of cli.scaivault?.plugins ?? []) {
  let dir;
  try {
    dir = dirname(requireFromCli.resolve(`${name}/package.json`));
  } catch {
    // A package without "./package.json" in its exports: found by the node_modules walk instead.
    dir = [join(root, 'cli', 'node_modules', name), join(root, 'node_modules', name)].find((candidate) => existsSync(candidate));
  }
  if (dir === undefined) throw new Error(`bundle-plugins: cannot find ${name}, a plugin cli/package.json bundles`);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const outfile = join(dir, PLUGIN_BUNDLE);
  rmSync(outfile, { force: true });
  if (!pkg.scaivault?.entry) continue; // the CLI reports such a plugin as invalid
  try {
    await build({
      entryPoints: [join(dir, pkg.scaivault.entry)],
      absWorkingDir: root,
      outfile,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      plugins: [coreBundle, ownModuleUrl(dirname(outfile))],
      logLevel: 'warning',
    });
    traceModules(outfile);
    escapeNonAscii(outfile);
  } catch (error) {
    // Not bundled, not broken: the CLI imports the plugin's entry module instead, only slower.
    rmSync(outfile, { force: true });
    console.warn(`bundle-plugins: ${name} is not bundled (its entry module is imported instead): ${error.message.split('\n')[0]}`);
  }
}
