import { CliError } from '../../errors/cli-error.js';
import { ExitCode } from '../../errors/exit-codes.js';

const REGISTRY_HINT = 'npm picks the registry from .npmrc or npm_config_registry; see `npm config get registry`';

/** The registry part of a request URL: everything before the (encoded) package name. */
function registryOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return url.slice(0, url.lastIndexOf('/') + 1);
}

function packageOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const last = url.slice(url.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last) || undefined;
  } catch {
    return last;
  }
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is self-signed (set cafile in .npmrc)',
};

/**
 * Turns npm's error output into one sentence saying what went wrong, with an exit code to match:
 * no such package (4), no such version (4), registry unreachable (1), credentials refused (2, 3).
 * `spec` is what was asked for, used when npm's output does not name the package.
 */
export function npmFailure(verb: string, spec: string | undefined, stderr: string): CliError {
  const lines = stderr
    .split('\n')
    .filter((line) => /^npm (error|ERR!)/.test(line))
    .map((line) => line.replace(/^npm (error|ERR!)\s?/, ''));
  const text = lines.join('\n');
  const code = /^code (\S+)/m.exec(text)?.[1];
  const url = /\b(?:GET|PUT) (\S+)/.exec(text)?.[1] ?? /request to (\S+) failed/.exec(text)?.[1];
  const registry = registryOf(url) ?? 'the configured registry';
  const name = packageOf(url) ?? spec ?? 'the package';

  if (code === 'E404') {
    return new CliError(`no package named ${name} in the registry (${registry})`, {
      exitCode: ExitCode.NotFound,
      code: 'plugin_not_found',
      hint: `check the name; ${REGISTRY_HINT}`,
    });
  }
  if (code === 'ETARGET') {
    const wanted = /No matching version found for (\S+?)\.?$/m.exec(text)?.[1] ?? spec ?? '';
    const at = wanted.lastIndexOf('@');
    const [pkg, version] = at > 0 ? [wanted.slice(0, at), wanted.slice(at + 1)] : [wanted, '?'];
    return new CliError(`no version ${version} of ${pkg} in the registry`, {
      exitCode: ExitCode.NotFound,
      code: 'plugin_version_not_found',
      hint: `\`npm view ${pkg} versions\` lists the published ones`,
    });
  }
  if (code === 'E401' || code === 'ENEEDAUTH') {
    return new CliError(`the registry (${registry}) wants credentials for ${name}`, {
      exitCode: ExitCode.Auth,
      code: 'registry_auth_required',
      hint: 'log in with `npm login` or put an auth token for the registry in .npmrc',
    });
  }
  if (code === 'E403') {
    return new CliError(`the registry (${registry}) refused access to ${name}`, { exitCode: ExitCode.Authz, code: 'registry_forbidden' });
  }
  const network = code !== undefined ? NETWORK_REASONS[code] : undefined;
  if (network !== undefined || /^network /m.test(text)) {
    return new CliError(`cannot reach the registry (${registry}): ${network ?? 'network error'}`, {
      code: 'registry_unreachable',
      hint: `check the network and proxy settings; ${REGISTRY_HINT}`,
    });
  }
  const first = lines.find((line) => line.trim() !== '' && !line.startsWith('code ')) ?? stderr.trim().split('\n')[0] ?? '';
  return new CliError(`npm ${verb} failed: ${first.trim() || 'no reason given'}`, { code: 'npm_failed' });
}
