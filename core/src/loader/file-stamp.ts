import { statSync } from 'node:fs';
import type { FileStamp } from './types.js';

export function stampOf(path: string): FileStamp | null {
  try {
    const stat = statSync(path);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}

export function sameStamp(a: FileStamp | null | undefined, b: FileStamp | null): boolean {
  if (!a || !b) return a === b || (a === undefined && b === null);
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}
