import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A data directory that cannot be used; `code` lets callers tell it from other start-up failures. */
export class DataDirError extends Error {
  readonly code = 'EDATADIR';
}

/**
 * Creates the data directory (mode 0700) and any missing parents, one level at a time.
 * `mkdirSync(..., { recursive: true })` loops forever on file systems that refuse a mkdir with
 * ENOENT under an existing parent (`/proc/x`), and reports a file in the way as a bare EEXIST;
 * this says what is wrong in one sentence instead.
 */
export function ensureDataDir(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  for (let current = target; ; current = dirname(current)) {
    const kind = entryKind(current);
    if (kind === 'directory') break;
    if (kind === 'other') throw new DataDirError(`${describe(dir, target, current)} exists and is not a directory`);
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const path of missing) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && entryKind(path) === 'directory') continue;
      throw new DataDirError(`cannot create ${describe(dir, target, path)}: ${reason(code, error)}`);
    }
  }
}

function entryKind(path: string): 'directory' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** Names the data directory as given, and the parent at fault when it is not the directory itself. */
function describe(given: string, target: string, at: string): string {
  return at === target ? `the data directory ${given}` : `${at} (on the way to the data directory ${given})`;
}

function reason(code: string | undefined, error: unknown): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'the file system does not allow it';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    default:
      return code ?? (error as Error).message;
  }
}
