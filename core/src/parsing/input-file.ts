import type { Readable } from 'node:stream';
import { UsageError } from '../errors/cli-error.js';
import type { FileSystem } from '../fs/file-system.js';
import { readAll } from '../services/read-stdin.js';

/** Where a command reads its input files and `-` from. */
export interface InputSources {
  fs: FileSystem;
  stdin: Readable;
}

/**
 * Reads a text file a flag or argument names. A file that cannot be read is exit 5:
 * `cannot read <what>: no such file`, where `what` is the caller's words (`--rules-file rules.json`).
 */
export function readInputFile(fs: FileSystem, path: string, what: string): string {
  try {
    return fs.readFileSync(path, 'utf8') as string;
  } catch (error) {
    throw new UsageError(`cannot read ${what}: ${unreadableReason(error)}`);
  }
}

/** Reads FILE, or all of stdin for `-`, as `readInputFile` does. */
export async function readFileOrStdin(file: string, what: string, io: InputSources): Promise<string> {
  return file === '-' ? readAll(io.stdin) : readInputFile(io.fs, file, what);
}

function unreadableReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return (error as Error).message;
  }
}
