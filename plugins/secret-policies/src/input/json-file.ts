import type { Readable } from 'node:stream';
import { UsageError, parseJsonInput, readAll, type FileSystem } from '@scaivault/core';

/** Reads and parses JSON from FILE, or from stdin for `-`; unreadable or invalid input is exit 5. */
export async function readJsonFile(file: string, flag: string, io: { fs: FileSystem; stdin: Readable }): Promise<{ value: unknown; source: string }> {
  const source = file === '-' ? 'stdin' : file;
  let text: string;
  if (file === '-') {
    text = await readAll(io.stdin);
  } else {
    try {
      text = io.fs.readFileSync(file, 'utf8') as string;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
      throw new UsageError(`cannot read ${flag} ${file}: ${reason}`);
    }
  }
  if (text.trim() === '') throw new UsageError(`${flag}: ${source} is empty`);
  return { value: parseJsonInput(text, source), source };
}
