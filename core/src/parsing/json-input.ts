import { UsageError } from '../errors/cli-error.js';
import { readFileOrStdin, type InputSources } from './input-file.js';

/** Parses JSON given on the command line or in a file; a syntax error is exit 5 naming the source. */
export function parseJsonInput(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads and parses the JSON a flag names: FILE, or stdin for `-`. Unreadable, empty or invalid
 * input is exit 5. `source` (the file name, or `stdin`) is for naming the input in later errors.
 */
export async function readJsonFile(file: string, flag: string, io: InputSources): Promise<{ value: unknown; source: string }> {
  const source = file === '-' ? 'stdin' : file;
  const text = await readFileOrStdin(file, `${flag} ${file}`, io);
  if (text.trim() === '') throw new UsageError(`${flag}: ${source} is empty`);
  return { value: parseJsonInput(text, source), source };
}
