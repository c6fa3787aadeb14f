import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from plugins/tpm/dist/test/<file>.js. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const BIN = join(REPO, 'cli', 'bin', 'scaivault.js');
/** The server's own entry point, `scaivault-server`. */
export const SERVER_BIN = join(REPO, 'server', 'dist', 'src', 'bin.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: nothing from the developer's shell (no SCAIVAULT_TPM_* PINs) leaks into a test. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'sv-tpm-home-'));
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, SCAIVAULT_HOME: home, NO_COLOR: '1', ...extra };
}

/** Runs the built `scaivault` to the end. */
export function scaivault(args: string[], env: Record<string, string>, stdin = '', cwd?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], ...(cwd === undefined ? {} : { cwd }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

export interface DevServer {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** `scaivault dev --data-dir DIR --port 0` (or `scaivault-server`): resolves once it listens, or rejects with how it failed to start. */
export function startDev(dataDir: string, env: Record<string, string>, entry: 'dev' | 'server' = 'dev'): Promise<DevServer> {
  const argv = entry === 'dev' ? [BIN, 'dev'] : [SERVER_BIN];
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [...argv, '--data-dir', dataDir, '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /export SCAIVAULT_URL=(\S+)/.exec(stdout)?.[1];
      const token = /export SCAIVAULT_TOKEN=(\S+)/.exec(stdout)?.[1];
      if (url && token)
        resolve({
          url,
          token,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (status) => reject(Object.assign(new Error(`dev exited with ${status}: ${stderr.trim()}`), { status, stderr })));
  });
}
