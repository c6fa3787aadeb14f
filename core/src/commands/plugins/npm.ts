import { spawn } from 'node:child_process';
import type { Env } from '../../config/config-store.js';
import { CliError } from '../../errors/cli-error.js';
import { npmEnvironment } from './npm-environment.js';
import { npmFailure } from './npm-failure.js';

/**
 * Runs npm in the plugins home. Install scripts never run: a plugin is code the CLI imports, it has
 * no business executing anything at install time. Peer dependencies are never resolved: every plugin
 * names `@scaivault/core` as one, which the CLI provides and no registry needs to know — without
 * this, npm would look it up whenever the tree holds a plugin it is not touching (so removing one of
 * two plugins would fail).
 */
export function runNpm(args: readonly string[], cwd: string, env: Env, spec?: string): Promise<string> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return new Promise((resolve, reject) => {
    const child = spawn(npm, [...args, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: npmEnvironment(env),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => reject(new CliError(`cannot run npm: ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(npmFailure(args[0] ?? 'npm', spec, stderr))));
  });
}
