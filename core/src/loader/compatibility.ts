import semver from 'semver';

export interface HostInfo {
  /** Plugin API versions this host can load. */
  apiVersions: readonly number[];
  /** The host (core) version checked against each plugin's `core` range. */
  version: string;
  /** The running Node.js version checked against each plugin's `engines.node`. */
  nodeVersion: string;
}

/** Why a plugin cannot run on this host, or undefined when it can. Reads only package.json data. */
export function incompatibility(
  plugin: { apiVersion: number; core: string; nodeRange: string | undefined },
  host: HostInfo,
): string | undefined {
  if (!host.apiVersions.includes(plugin.apiVersion)) {
    return `plugin API version ${plugin.apiVersion} is not supported (supported: ${host.apiVersions.join(', ')})`;
  }
  if (semver.validRange(plugin.core) === null) return `invalid core range ${JSON.stringify(plugin.core)}`;
  if (!semver.satisfies(host.version, plugin.core, { includePrerelease: true })) {
    return `needs core ${plugin.core}, this is ${host.version}`;
  }
  if (plugin.nodeRange !== undefined && !semver.satisfies(host.nodeVersion, plugin.nodeRange, { includePrerelease: true })) {
    return `needs Node.js ${plugin.nodeRange}, this is ${host.nodeVersion}`;
  }
  return undefined;
}
