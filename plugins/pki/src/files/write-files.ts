// Writes the files a pki command produces (cert.pem, chain.pem, key.pem, ...) into one directory:
// each atomically with mode 0600, and none at all when one already exists and --force was not given,
// so a second run never leaves a key from one issue next to a certificate from another.
import { join } from 'node:path';
import { UsageError, writeFileAtomic, type FileSystem } from '@scaivault/core';

export interface OutputFile {
  name: string;
  contents: string;
}

export function writeOutputFiles(fs: FileSystem, dir: string, files: readonly OutputFile[], force: boolean): string[] {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`--out-dir ${dir} is not a directory`);
  const paths = files.map((file) => join(dir, file.name));
  if (!force) {
    const existing = paths.filter((path) => fs.existsSync(path));
    if (existing.length > 0) throw new UsageError(`${existing.join(', ')} already exists: nothing was written`, 'add --force to replace it');
  }
  files.forEach((file, index) => writeFileAtomic(fs, paths[index]!, file.contents, { mode: 0o600, dirMode: 0o700 }));
  return paths;
}
