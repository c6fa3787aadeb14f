// Writes the files a pki command produces (cert.pem, chain.pem, key.pem, bundle.p12, ...) into one
// directory: each atomically (temp file with the final mode, flushed, renamed) with mode 0600, and
// none at all when one already exists and --force was not given, so a second run never leaves a
// key from one issue next to a certificate from another.
import { join } from 'node:path';
import { UsageError, writeFileAtomic, type FileSystem } from '@scaivault/core';

export interface OutputFile {
  name: string;
  contents: string | Buffer;
}

/**
 * Refuses before anything is requested: a certificate the server issued (and a key it returns only
 * once) must not be lost to a file that turns out to be in the way afterwards.
 */
export function checkOutputFiles(fs: FileSystem, dir: string, names: readonly string[], force: boolean): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`--out-dir ${dir} is not a directory`);
  if (force) return;
  const existing = names.map((name) => join(dir, name)).filter((path) => fs.existsSync(path));
  if (existing.length > 0) throw new UsageError(`${existing.join(', ')} already exists: nothing was written`, 'add --force to replace it');
}

export function writeOutputFiles(fs: FileSystem, dir: string, files: readonly OutputFile[], force: boolean): string[] {
  checkOutputFiles(
    fs,
    dir,
    files.map((file) => file.name),
    force,
  );
  const paths = files.map((file) => join(dir, file.name));
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  files.forEach((file, index) => {
    const path = paths[index]!;
    writeFileAtomic(fs, path, file.contents, { mode: 0o600, dirMode: 0o700 });
  });
  return paths;
}
