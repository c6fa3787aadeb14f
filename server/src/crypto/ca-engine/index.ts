// The CA engine: pure functions from keys and parameters to DER/PEM. No storage, no HTTP; the
// server's PKI area keeps CA keys sealed, serials and revocations in its tables, and calls in here.
export * from './pem.js';
export * from './pki-validation-error.js';
export * from './key-pairs.js';
export * from './serial-numbers.js';
export * from './revocation-reasons.js';
export * from './durations.js';
export * from './distinguished-names.js';
export * from './extensions.js';
export * from './revocation-urls.js';
export * from './ca-certificate-info.js';
export * from './signing-ca.js';
export * from './validity.js';
export * from './ca-certificates.js';
export * from './pki-roles.js';
export * from './certificate-requests.js';
export { issueLeaf, signCsr, type IssuedLeaf, type LeafCertificate, type SignCsrRequest } from './leaf-certificates.js';
export * from './crls.js';
export * from './ocsp-responder.js';
