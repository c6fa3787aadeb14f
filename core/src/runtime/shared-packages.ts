/** Packages every plugin must share with core: one copy of each per process. */
export const SHARED_PACKAGES = ['@scaivault/core', 'reflect-metadata'];

/**
 * Packages core carries (bundled) and re-exports. A plugin imports them through these subpaths;
 * `scaivault-manifest` refuses plugin code that imports them by their own name, and an installed or
 * linked plugin that does so anyway is redirected to core's copy when it is imported.
 */
export const SHARED_ALIASES: Readonly<Record<string, string>> = {
  '@scaivault/sdk': '@scaivault/core/sdk',
  clipanion: '@scaivault/core/clipanion',
  typanion: '@scaivault/core/typanion',
  tsyringe: '@scaivault/core/tsyringe',
  undici: '@scaivault/core/undici',
};
