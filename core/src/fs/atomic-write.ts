import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { FileSystem } from './file-system.js';

/**
 * Writes a file so that readers see either the old or the new content, never a torn one:
 * the data goes to a sibling temp file created with the final mode, is flushed, then renamed
 * over the target. The directory is created with `dirMode` when missing.
 */
export function writeFileAtomic(
  fs: FileSystem,
  path: string,
  data: string,
  options: { mode?: number; dirMode?: number } = {},
): void {
  const mode = options.mode ?? 0o600;
  const dir = dirname(path);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
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
