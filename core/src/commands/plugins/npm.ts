import { spawn } from 'node:child_process';
import { CliError } from '../../errors/cli-error.js';

/**
 * Runs npm in the plugins home. Install scripts never run: a plugin is code the CLI imports,
 * it has no business executing anything at install time.
 */
export function runNpm(args: readonly string[], cwd: string): Promise<string> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return new Promise((resolve, reject) => {
    const child = spawn(npm, [...args, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => reject(new CliError(`cannot run npm: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) return resolve(stdout);
      const reason = stderr.split('\n').find((line) => /npm (error|ERR!)/.test(line)) ?? stderr.trim().split('\n')[0] ?? '';
      reject(new CliError(`npm ${args[0]} failed: ${reason.replace(/^npm (error|ERR!)\s*/, '')}`));
    });
  });
}
