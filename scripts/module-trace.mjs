// esbuild wraps each lazily run module of a bundle in an __esm / __commonJS initialiser keyed by the
// module's source path. The bundles' initialisers also record that key, so a test can tell which
// modules a command actually ran (the bundle file holds them all); it costs one array push per module.
import { readFileSync, writeFileSync } from 'node:fs';

const INITIALISERS = [
  [
    /var __esm = \((\w+), (\w+)\) => function __init\(\) \{\n {2}return \1 && \(\2 = \(0, \1\[__getOwnPropNames\(\1\)\[0\]\]\)\(\1 = 0\)\), \2;\n\};/,
    (_, fn, res) =>
      `var __esm = (${fn}, ${res}) => function __init() {\n  return ${fn} && (__scaivaultRan(__getOwnPropNames(${fn})[0]), ${res} = (0, ${fn}[__getOwnPropNames(${fn})[0]])(${fn} = 0)), ${res};\n};`,
  ],
  [
    /var __commonJS = \((\w+), (\w+)\) => function __require\(\) \{\n {2}return \2 \|\| \(0, \1\[__getOwnPropNames\(\1\)\[0\]\]\)\(\(\2 = \{ exports: \{\} \}\)\.exports, \2\), \2\.exports;\n\};/,
    (_, cb, mod) =>
      `var __commonJS = (${cb}, ${mod}) => function __require() {\n  return ${mod} || (__scaivaultRan(__getOwnPropNames(${cb})[0]), (0, ${cb}[__getOwnPropNames(${cb})[0]])((${mod} = { exports: {} }).exports, ${mod})), ${mod}.exports;\n};`,
  ],
];

/** The global array the keys go to: `globalThis[Symbol.for('scaivault.modulesRan')]`. */
const RECORDER = "const __scaivaultRan = (key) => { (globalThis[Symbol.for('scaivault.modulesRan')] ??= []).push(key); };\n";

/** Rewrites a bundle's initialisers to record the modules they run. A bundle without any is left as it is. */
export function traceModules(file) {
  let text = readFileSync(file, 'utf8');
  let found = 0;
  for (const [pattern, replacement] of INITIALISERS) {
    if (pattern.test(text)) found++;
    text = text.replace(pattern, replacement);
  }
  // esbuild emits the helpers only when the bundle needs them; one that it emits in another shape must not go unnoticed.
  const declared = ['var __esm =', 'var __commonJS ='].filter((helper) => text.includes(helper)).length;
  if (found !== declared) throw new Error(`${file}: esbuild's module initialisers changed shape; update scripts/module-trace.mjs`);
  text = text.startsWith("'use strict';\n") ? text.replace("'use strict';\n", `'use strict';\n${RECORDER}`) : `${RECORDER}${text}`;
  writeFileSync(file, text);
}
