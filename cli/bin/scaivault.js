#!/usr/bin/env node
// The scaivault distribution: core plus the plugins this package.json lists under "scaivault.plugins".
// A trimmed distribution is the same file in a package that lists fewer plugins.
// Built-ins and core's startup loader are required, not imported: an import of a built-in makes Node
// build an ES facade of it, which for node:fs loads its streams too — milliseconds on every run.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(require('node:fs').readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const argv = process.argv.slice(2);

// `--version` is answered before anything else loads: it is the cheapest question there is.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${pkg.version}\n`);
} else {
  // Core is one bundle compiled from a V8 code cache (SCAIVAULT_NO_CACHE=1 turns the cache off).
  const { loadCore } = require('@scaivault/core/startup');
  const core = loadCore({ env: process.env, importModule: (specifier) => import(specifier) });
  await core.runtime.main({
    argv,
    distribution: {
      dir: new URL('..', import.meta.url).pathname,
      name: pkg.name,
      version: pkg.version,
      plugins: pkg.scaivault?.plugins ?? [],
    },
  });
}
