// Core's public entry points: the property of the bundle (core.cjs) each one is, the compiled module
// behind it (below core/dist/src/), and the package subpath plugins import it by.
export const CORE_ENTRY_POINTS = {
  index: 'index.js',
  runtime: 'runtime/run.js',
  commands: 'commands/index.js',
  loader: 'loader/index.js',
  testing: 'testing/index.js',
  clipanion: 'vendor/clipanion.js',
  typanion: 'vendor/typanion.js',
  tsyringe: 'vendor/tsyringe.js',
  undici: 'vendor/undici.js',
  sdk: 'vendor/sdk.js',
};

/** `@scaivault/core` → `index`, `@scaivault/core/clipanion` → `clipanion`; undefined for anything else. */
export function coreEntryOf(specifier) {
  if (specifier === '@scaivault/core') return 'index';
  const sub = specifier.startsWith('@scaivault/core/') ? specifier.slice('@scaivault/core/'.length) : undefined;
  return sub !== undefined && sub !== 'index' && sub in CORE_ENTRY_POINTS ? sub : undefined;
}
