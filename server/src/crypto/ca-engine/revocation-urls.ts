// The URLs a certificate points relying parties at (CRL distribution point, OCSP, CA issuer),
// all on the server that issued it. They must be reachable without a token: OpenSSL, browsers and
// TLS stacks fetch them anonymously.
import type { RevocationUrls } from './extensions.js';

/** `baseUrl` is the server's public origin, e.g. `https://vault.example.com` (no trailing slash needed). */
export function revocationUrlsFor(baseUrl: string, caId: string): RevocationUrls {
  const base = `${baseUrl.replace(/\/+$/, '')}/v1/pki/ca/${encodeURIComponent(caId)}`;
  return { crl: `${base}/crl`, ocsp: `${base}/ocsp`, caIssuers: `${base}/certificate?format=der` };
}
