import { nodeFileSystem } from './node-file-system.js';
import { writeFileAtomic } from './atomic-write.js';
import type { FileSystem } from './file-system.js';

/** Writes a cache file atomically so a concurrent invocation never reads half of it. */
export function writeCacheFile(path: string, text: string, fs: FileSystem = nodeFileSystem): void {
  try {
    writeFileAtomic(fs, path, text, { mode: 0o644, dirMode: 0o700 });
  } catch {
    // The cache is an optimisation: an unwritable home only costs a rebuild next time.
  }
}
