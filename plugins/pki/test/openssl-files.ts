// Test material made by OpenSSL (a root, an intermediate, leaves, a CRL) and by the server's CA
// engine, in a scratch directory. The plugin's offline tools must agree with OpenSSL on both.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function openssl(args: readonly string[], cwd: string, input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8', input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export class OpensslPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'sv-pki-openssl-'));

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  write(name: string, contents: string | Buffer): string {
    writeFileSync(this.path(name), contents);
    return this.path(name);
  }

  run(args: readonly string[]): string {
    return execFileSync('openssl', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** root.pem → int.pem (pathlen 0) → good.pem and revoked.pem; int.crl revokes revoked.pem (keyCompromise). */
  build(): this {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    this.write(
      'ca.ext',
      'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
    );
    this.write(
      'leaf.ext',
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:good.internal,IP:10.0.0.5\n',
    );
    this.run([
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'root.key',
      '-out',
      'root.pem',
      '-subj',
      '/O=Test/CN=Test Root',
      '-days',
      '30',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    this.run(['req', '-new', ...ec, '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/O=Test/CN=Test Issuing']);
    this.run([
      'x509',
      '-req',
      '-in',
      'int.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-out',
      'int.pem',
      '-days',
      '20',
      '-extfile',
      'ca.ext',
    ]);
    for (const name of ['good', 'revoked']) {
      this.run(['req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}.internal`]);
      this.run([
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'int.pem',
        '-CAkey',
        'int.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '10',
        '-extfile',
        'leaf.ext',
      ]);
    }
    // A minimal `openssl ca` database, only to make a CRL.
    this.write('index.txt', '');
    this.write('crlnumber', '01\n');
    this.write(
      'ca.cnf',
      `[ca]\ndefault_ca=int\n[int]\ndatabase=${this.path('index.txt')}\ncrlnumber=${this.path('crlnumber')}\ndefault_md=sha256\ndefault_crl_days=7\n`,
    );
    this.run([
      'ca',
      '-config',
      'ca.cnf',
      '-revoke',
      'revoked.pem',
      '-keyfile',
      'int.key',
      '-cert',
      'int.pem',
      '-crl_reason',
      'keyCompromise',
    ]);
    this.run(['ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'int.key', '-cert', 'int.pem', '-out', 'int.crl']);
    this.write('chain.pem', this.read('int.pem'));
    return this;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The server's CA engine, from its build output (the plugin never depends on the server at run time). */
export async function caEngine(): Promise<any> {
  const url = new URL('../../../../server/dist/src/crypto/ca-engine/index.js', import.meta.url).href;
  return import(url);
}
