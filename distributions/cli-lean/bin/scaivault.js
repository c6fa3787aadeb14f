#!/usr/bin/env node
// The scaivault distribution: core plus the plugins this package.json lists under "scaivault.plugins".
// A trimmed distribution is the same file in a package that lists fewer plugins.
// CommonJS on purpose: an ES module as the main entry starts Node's ES loader first, milliseconds
// on every run, and importing a built-in makes Node build an ES facade of it (node:fs's loads fs's
// streams). Plugins that are ES modules are imported when a command needs one.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
const argv = process.argv.slice(2);

// `--version` is answered before anything else loads: it is the cheapest question there is.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${pkg.version}\n`);
} else {
  const startup = requireStartup();
  const distribution = {
    dir: `${join(__dirname, '..')}/`,
    name: pkg.name,
    version: pkg.version,
    plugins: pkg.scaivault?.plugins ?? [],
  };
  // The root help as last rendered, while nothing it was made from has changed: no core to load.
  const stdout = process.stdout;
  const columns = stdout.isTTY && stdout.columns > 0 ? stdout.columns : undefined;
  const help = startup.cachedMainHelp({ argv, env: process.env, distribution, columns });
  if (help) {
    if (help.stderr !== '') process.stderr.write(help.stderr);
    stdout.write(help.stdout);
  } else runCli(startup, distribution);
}

function runCli(startup, distribution) {
  // Core is one bundle compiled from a V8 code cache (SCAIVAULT_NO_CACHE=1 turns the cache off).
  const core = startup.loadCore({ env: process.env, importModule: (specifier) => import(specifier) });
  core.runtime.main({ argv, distribution }).catch((error) => {
    // main() reports every failure itself; this is a last resort that still names the problem.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

/**
 * Core's startup loader (`@scaivault/core/startup`), found as Node finds the package — the nearest
 * node_modules/@scaivault/core up from here — but required by its path: resolving a subpath through
 * the package's "exports" map costs a millisecond or two on every run. Anything unusual (no such
 * package, a build without the file) goes through Node's own resolution, and its error.
 */
function requireStartup() {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const pkg = join(dir, 'node_modules', '@scaivault', 'core');
    if (existsSync(join(pkg, 'package.json'))) {
      const file = join(pkg, 'dist', 'bundle', 'startup.cjs');
      return require(existsSync(file) ? file : '@scaivault/core/startup');
    }
    if (dirname(dir) === dir) return require('@scaivault/core/startup');
  }
}
