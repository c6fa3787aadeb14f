// A CSR made by OpenSSL, once per benchmark: signing then measures the CA, not CSR creation.
import { execFileSync } from 'node:child_process';

/** An EC P-256 or RSA-2048 CSR for api.bench.internal, PEM. */
export function opensslCsr(keyType) {
  const keyArgs = keyType === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  return execFileSync(
    'openssl',
    [
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      '/dev/null',
      '-subj',
      '/CN=api.bench.internal',
      '-addext',
      'subjectAltName=DNS:api.bench.internal',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
}
