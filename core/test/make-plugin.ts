import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakePlugin {
  name: string;
  version?: string;
  apiVersion?: number;
  core?: string;
  node?: string;
  /** Command paths the manifest claims. */
  commands?: string[][];
  /** The entry module's source; by default a module that exports a plain object. */
  entry?: string;
  /** Write a manifest for this name/version instead (a stale one). */
  manifestFor?: { name: string; version: string };
}

/** Writes a plugin package (package.json, manifest, entry) into `dir` for loader tests. */
export function makePlugin(dir: string, plugin: FakePlugin): string {
  const version = plugin.version ?? '1.0.0';
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: plugin.name,
      version,
      type: 'module',
      ...(plugin.node ? { engines: { node: plugin.node } } : {}),
      scaivault: {
        apiVersion: plugin.apiVersion ?? 1,
        core: plugin.core ?? '*',
        entry: './dist/index.js',
        manifest: './dist/manifest.json',
      },
    }),
  );
  const manifest = {
    manifestVersion: 1,
    name: plugin.manifestFor?.name ?? plugin.name,
    version: plugin.manifestFor?.version ?? version,
    commands: (plugin.commands ?? [[plugin.name.replace(/^.*\//, '')]]).map((path) => ({
      path,
      usage: `scaivault ${path.join(' ')}`,
      description: `does ${path.join(' ')}`,
      options: [{ definition: '--json', description: 'Print JSON', required: false }],
    })),
  };
  writeFileSync(join(dir, 'dist', 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(dir, 'dist', 'index.js'),
    plugin.entry ?? `export default { name: ${JSON.stringify(plugin.name)}, version: '${version}', commands: [] };\n`,
  );
  return dir;
}
