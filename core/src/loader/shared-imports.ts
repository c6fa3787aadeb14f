import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface BareSharedImport {
  /** The module (absolute path) that has the import. */
  file: string;
  specifier: string;
  /** The specifier to import instead. */
  use: string;
}

// `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')` and `require('x')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

/**
 * The imports of a shared package by its own name (`clipanion`, not `@scaivault/core/clipanion`)
 * in the modules reachable from `entry` through relative imports, static or dynamic. Such an import
 * resolves to a second copy of the package wherever the host does not redirect it — for a plugin
 * bundled with the host, always — and a second clipanion breaks option parsing. `aliases` maps each
 * shared package to the host's facade for it.
 */
export function bareSharedImports(entry: string, aliases: Readonly<Record<string, string>>): BareSharedImport[] {
  const found: BareSharedImport[] = [];
  const seen = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [, , specifier] of text.matchAll(SPECIFIER)) {
      if (specifier!.startsWith('.')) {
        const target = resolveRelative(dirname(file), specifier!);
        if (target) pending.push(target);
        continue;
      }
      const shared = Object.keys(aliases).find((name) => specifier === name || specifier!.startsWith(`${name}/`));
      if (shared !== undefined) found.push({ file, specifier: specifier!, use: aliases[shared]! });
    }
  }
  return found.sort((a, b) => (a.file === b.file ? a.specifier.localeCompare(b.specifier) : a.file.localeCompare(b.file)));
}

function resolveRelative(dir: string, specifier: string): string | undefined {
  const base = resolve(dir, specifier);
  for (const candidate of [base, `${base}.js`, `${base}/index.js`]) {
    try {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    } catch {
      // Unreadable: nothing to check there.
    }
  }
  return undefined;
}
