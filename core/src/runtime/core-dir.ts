import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of the @scaivault/core package: found by walking up from this module, so it holds
 * whether the code runs from the compiled files or from the bundle's chunks.
 */
export function findCoreDir(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@scaivault/core') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the @scaivault/core package directory');
    dir = parent;
  }
}
