// Test helpers: run Debian's `openssl` on files in a scratch directory, so every certificate, CRL and
// OCSP answer the CA engine makes is judged by OpenSSL and not only by our own parser.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createIntermediateCa,
  createRootCa,
  revocationUrlsFor,
  signingCa,
  type KeySpec,
  type PkiRolePolicy,
  type SigningCa,
} from '../src/crypto/ca-engine/index.js';

export interface OpensslResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function openssl(args: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): OpensslResult {
  const result = spawnSync('openssl', args, { cwd: options.cwd, input: options.input, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking the event loop: needed when OpenSSL talks to a server in this process. */
export function opensslAsync(args: readonly string[]): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'scaivault-pki-'));

  write(name: string, contents: string | Buffer): string {
    const path = join(this.dir, name);
    writeFileSync(path, contents);
    return path;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Hierarchy {
  root: SigningCa;
  intermediate: SigningCa;
  rootPem: string;
  intermediatePem: string;
}

export const TEST_BASE_URL = 'http://127.0.0.1:8200';

/** Root (10 y) → intermediate (5 y), both with revocation URLs, of the given key shape. */
export async function makeHierarchy(key: KeySpec = { keyType: 'ec', keyBits: 256 }): Promise<Hierarchy> {
  const root = await createRootCa({ commonName: 'Acme Root CA', organization: 'Acme', key, validityDays: 3650 });
  const rootCa = signingCa(root.certificateDer, root.privateKey, revocationUrlsFor(TEST_BASE_URL, 'ca_root'));
  const intermediate = await createIntermediateCa(rootCa, { commonName: 'Acme Issuing CA', organization: 'Acme', key, validityDays: 1825 });
  return {
    root: rootCa,
    intermediate: signingCa(intermediate.certificateDer, intermediate.privateKey, revocationUrlsFor(TEST_BASE_URL, 'ca_int')),
    rootPem: root.certificatePem,
    intermediatePem: intermediate.certificatePem,
  };
}

export function role(overrides: Partial<PkiRolePolicy> = {}): PkiRolePolicy {
  return {
    name: 'svc-mtls',
    allowedDomains: ['*.svc.cluster.local', '*.internal'],
    allowSubdomains: false,
    allowIpSans: false,
    maxTtlSeconds: 720 * 3600,
    keyType: 'ec',
    keyBits: 256,
    requireCn: true,
    extKeyUsage: ['server_auth', 'client_auth'],
    ...overrides,
  };
}
