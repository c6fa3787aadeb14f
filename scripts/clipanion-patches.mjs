// Patches to clipanion's source, applied as core's bundle is built (scripts/bundle-core.mjs). Each
// names the text it replaces and how often it must occur, so a clipanion whose source no longer
// matches fails the build; test/test/clipanion-patches.test.ts holds the patched parser to the
// original's machines and results.
export const CLIPANION_PATCHES = {
  // clipanion builds its default context when it loads (process.stdin among it, which makes a stream
  // and loads fs/promises and readline, or net) and spreads it into every run, which also reads core's
  // lazy stdin. Here the defaults are getters and the merge copies descriptors, so stdin is made only
  // by a command that reads it.
  'advanced/Cli.js': [
    [
      'const context = {\n            ...Cli.defaultContext,\n            ...userContext,\n        };\n',
      'const context = Object.defineProperties({}, mergedContextDescriptors(userContext));\n',
      2,
    ],
    [
      'Cli.defaultContext = {\n    env: process.env,\n    stdin: process.stdin,\n    stdout: process.stdout,\n    stderr: process.stderr,\n    colorDepth: platform.getDefaultColorDepth(),\n};\n',
      'Cli.defaultContext = {\n    env: process.env,\n    get stdin() { return process.stdin; },\n    get stdout() { return process.stdout; },\n    get stderr() { return process.stderr; },\n    get colorDepth() { return platform.getDefaultColorDepth(); },\n};\n' +
        'function mergedContextDescriptors(userContext) {\n    return { ...Object.getOwnPropertyDescriptors(Cli.defaultContext), ...Object.getOwnPropertyDescriptors(userContext) };\n}\n',
      1,
    ],
  ],
  // The parser's state machine is built on every run. Folding a shortcut's transitions into a node
  // looked up each one in the node's whole list of transitions (a closure call per pair): for an API
  // command's dozen options that was most of the parse. The same test, by the (test, target) pairs
  // the node already has, in a map.
  'core.js': [
    [
      '        const shortcuts = new Set(nodeDef.shortcuts.map(({ to }) => to));\n        while (nodeDef.shortcuts.length > 0) {\n',
      '        const shortcuts = new Set(nodeDef.shortcuts.map(({ to }) => to));\n        let known;\n        while (nodeDef.shortcuts.length > 0) {\n',
      1,
    ],
    [
      '            for (const [test, transition] of toDef.dynamics)\n                if (!nodeDef.dynamics.some(([otherTest, { to }]) => test === otherTest && transition.to === to))\n                    nodeDef.dynamics.push([test, transition]);\n',
      '            if (known === undefined)\n                known = dynamicsByTest(nodeDef.dynamics);\n' +
        '            for (const [test, transition] of toDef.dynamics) {\n                let targets = known.get(test);\n                if (targets === undefined)\n                    known.set(test, (targets = new Set()));\n' +
        '                if (!targets.has(transition.to)) {\n                    targets.add(transition.to);\n                    nodeDef.dynamics.push([test, transition]);\n                }\n            }\n',
      1,
    ],
    [
      'function simplifyMachine(input) {\n',
      'function dynamicsByTest(dynamics) {\n    const known = new Map();\n    for (const [test, { to }] of dynamics) {\n        let targets = known.get(test);\n        if (targets === undefined)\n            known.set(test, (targets = new Set()));\n        targets.add(to);\n    }\n    return known;\n}\nfunction simplifyMachine(input) {\n',
      1,
    ],
  ],
};

/** `source` (clipanion's `lib/<file>`) with its patches; throws when one no longer matches. */
export function patchClipanion(file, source) {
  for (const [from, to, count] of CLIPANION_PATCHES[file] ?? []) {
    const found = source.split(from).length - 1;
    if (found !== count) throw new Error(`clipanion's ${file} changed: expected ${count} of ${JSON.stringify(from)}, found ${found}`);
    source = source.split(from).join(to);
  }
  return source;
}
