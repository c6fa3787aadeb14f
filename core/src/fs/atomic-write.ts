import { basename, dirname, join } from 'node:path';
import type { FileSystem } from './file-system.js';
import { nodeCrypto } from './lazy-crypto.js';

/**
 * A temp file older than this was left by a process that died between writing and renaming it
 * (a write takes milliseconds); a younger one may belong to a write still under way.
 */
export const STALE_TEMP_MS = 60_000;

/**
 * Writes a file so that readers see either the old or the new content, never a torn one:
 * the data goes to a sibling temp file created with the final mode, is flushed, then renamed
 * over the target. The directory is created with `dirMode` when missing. Temp files that earlier,
 * interrupted writes of the same file left behind are removed first, once they are stale
 * (older than `STALE_TEMP_MS` at `now`).
 */
export function writeFileAtomic(
  fs: FileSystem,
  path: string,
  data: string | Uint8Array,
  options: { mode?: number; dirMode?: number; now?: number } = {},
): void {
  const mode = options.mode ?? 0o600;
  const dir = dirname(path);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  removeTempFiles(fs, path, { olderThan: (options.now ?? Date.now()) - STALE_TEMP_MS });
  const temp = `${path}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'wx', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  // The umask may have narrowed or widened nothing, but be explicit: credentials stay owner-only.
  fs.chmodSync(temp, mode);
  fs.renameSync(temp, path);
}

/**
 * Removes the temp files `writeFileAtomic` makes for `path` (`<name>.<12 hex>.tmp`), all of them or
 * only those last modified before `olderThan` (ms since the epoch). Returns how many it removed;
 * one that cannot be removed is left for the next attempt.
 */
export function removeTempFiles(fs: FileSystem, path: string, options: { olderThan?: number } = {}): number {
  const name = basename(path);
  let entries: string[];
  try {
    entries = fs.readdirSync(dirname(path)) as string[];
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    if (!isTempFileOf(entry, name)) continue;
    const temp = join(dirname(path), entry);
    try {
      if (options.olderThan !== undefined && fs.statSync(temp).mtimeMs >= options.olderThan) continue;
      fs.rmSync(temp, { force: true });
      removed++;
    } catch {
      // Gone already (another process cleaned it) or not ours to remove.
    }
  }
  return removed;
}

function isTempFileOf(entry: string, name: string): boolean {
  return entry.length === name.length + 17 && entry.startsWith(`${name}.`) && /^\.[0-9a-f]{12}\.tmp$/.test(entry.slice(name.length));
}
