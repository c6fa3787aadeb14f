import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Distribution } from '../runtime/plugin-sources.js';

/**
 * A distribution that bundles exactly the plugin package in `pluginDir`, wherever it is: a plugin's
 * own tests run it as `scaivault` would, without it being installed anywhere. The distribution is a
 * temporary directory whose node_modules links to the package; it is removed when the process exits.
 */
export function localPluginDistribution(pluginDir: string): Distribution {
  const dir = resolve(pluginDir);
  const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
  const root = mkdtempSync(join(tmpdir(), 'sv-plugin-under-test-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const link = join(root, 'node_modules', name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(dir, link, 'dir');
  return { dir: root, name: 'scaivault', version: '0.0.0-test', plugins: [name] };
}
