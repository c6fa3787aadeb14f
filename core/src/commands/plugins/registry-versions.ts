import semver from 'semver';
import type { Env } from '../../config/config-store.js';
import { incompatibility, type HostInfo } from '../../loader/compatibility.js';
import { runNpm } from './npm.js';

/** What the registry says about one published version of a plugin. */
export interface PublishedVersion {
  version: string;
  scaivault?: { apiVersion?: unknown; core?: unknown };
  engines?: { node?: unknown };
}

/**
 * The newest published version of `name` this CLI can run (plugin API, core range and Node.js, the
 * checks the loader makes), from npm's configured registry. Prereleases only when nothing else is
 * published. Undefined when no version fits.
 */
export async function newestCompatibleVersion(name: string, home: string, env: Env, host: HostInfo): Promise<string | undefined> {
  // Every version: npm view answers `name@*` with the `latest` tag alone, which may be one this CLI cannot run.
  const answer = await runNpm(['view', `${name}@>=0.0.0-0`, 'version', 'scaivault', 'engines', '--json'], home, env, name);
  return pickNewestCompatible(parseViewAnswer(answer), host);
}

/** `npm view --json` answers one object for one matching version and an array for several. */
export function parseViewAnswer(answer: string): PublishedVersion[] {
  if (answer.trim() === '') return [];
  const parsed = JSON.parse(answer) as PublishedVersion | PublishedVersion[];
  return (Array.isArray(parsed) ? parsed : [parsed]).filter((entry) => typeof entry?.version === 'string');
}

export function pickNewestCompatible(versions: readonly PublishedVersion[], host: HostInfo): string | undefined {
  const runnable = versions.filter(
    (entry) =>
      semver.valid(entry.version) !== null &&
      typeof entry.scaivault?.apiVersion === 'number' &&
      typeof entry.scaivault.core === 'string' &&
      incompatibility(
        {
          apiVersion: entry.scaivault.apiVersion,
          core: entry.scaivault.core,
          nodeRange: typeof entry.engines?.node === 'string' ? entry.engines.node : undefined,
        },
        host,
      ) === undefined,
  );
  const stable = runnable.filter((entry) => semver.prerelease(entry.version) === null);
  const candidates = (stable.length > 0 ? stable : runnable).map((entry) => entry.version);
  return candidates.sort(semver.rcompare)[0];
}
