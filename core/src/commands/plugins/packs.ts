import { join } from 'node:path';
import type { Env } from '../../config/config-store.js';
import { CliError } from '../../errors/cli-error.js';
import type { FileSystem } from '../../fs/file-system.js';
import { runNpm } from './npm.js';

/**
 * Tarballs of plugins installed from a local directory live in the plugins home, next to the
 * package.json that refers to them: npm can then rebuild or change the tree offline at any time,
 * which a reference to a deleted temporary file would not allow.
 */
const PACKS = 'packs';

/**
 * Packs a local package directory into the plugins home and returns the spec to install it by.
 * The file name carries the tarball's checksum, so a changed source is a new spec npm installs anew.
 */
export async function packDirectory(fs: FileSystem, dir: string, pluginsHome: string, env: Env): Promise<string> {
  const packs = join(pluginsHome, PACKS);
  fs.mkdirSync(packs, { recursive: true, mode: 0o700 });
  const packed = await runNpm(['pack', dir, '--pack-destination', packs, '--json'], pluginsHome, env, dir);
  const [tarball] = JSON.parse(packed) as Array<{ filename: string; shasum: string }>;
  if (!tarball) throw new CliError(`npm pack produced nothing for ${dir}`);
  const file = tarball.filename.replace(/^.*\//, '');
  const named = file.replace(/\.tgz$/, `-${tarball.shasum.slice(0, 12)}.tgz`);
  fs.renameSync(join(packs, file), join(packs, named));
  return `./${PACKS}/${named}`;
}

/** Deletes the tarball a spec refers to, when it is one of ours. */
export function removePack(fs: FileSystem, pluginsHome: string, spec: string): void {
  const match = /^(?:file:)?(?:\.\/)?packs\/([^/\\]+\.tgz)$/.exec(spec);
  if (match) fs.rmSync(join(pluginsHome, PACKS, match[1]!), { force: true });
}
