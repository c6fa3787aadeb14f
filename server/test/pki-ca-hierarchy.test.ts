import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIntermediateCa, createRootCa, PkiValidationError, signingCa } from '../src/crypto/ca-engine/index.js';
import { makeHierarchy, openssl, Scratch } from './pki-openssl.js';

for (const key of [
  { keyType: 'ec', keyBits: 256 },
  { keyType: 'ec', keyBits: 384 },
  { keyType: 'rsa', keyBits: 2048 },
] as const) {
  test(`${key.keyType} ${key.keyBits}: OpenSSL verifies root → intermediate and sees CA:TRUE, path length, CA key usage, key ids`, async () => {
    const scratch = new Scratch();
    try {
      const { rootPem, intermediatePem } = await makeHierarchy(key);
      const root = scratch.write('root.pem', rootPem);
      const intermediate = scratch.write('int.pem', intermediatePem);
      const verified = openssl(['verify', '-x509_strict', '-CAfile', root, intermediate]);
      assert.equal(verified.status, 0, verified.stderr + verified.stdout);
      assert.match(verified.stdout, /int\.pem: OK/);

      const rootText = openssl(['x509', '-in', root, '-noout', '-text']).stdout;
      assert.match(rootText, /Basic Constraints: critical\n\s+CA:TRUE\n/);
      assert.match(rootText, /Key Usage: critical\n\s+Digital Signature, Certificate Sign, CRL Sign/);
      assert.match(rootText, /Subject: O = Acme, CN = Acme Root CA/);

      const text = openssl(['x509', '-in', intermediate, '-noout', '-text']).stdout;
      assert.match(text, /Basic Constraints: critical\n\s+CA:TRUE, pathlen:0/);
      assert.match(text, /Key Usage: critical\n\s+Digital Signature, Certificate Sign, CRL Sign/);
      assert.match(text, /Issuer: O = Acme, CN = Acme Root CA/);
      const rootSki = /Subject Key Identifier: *\n\s+([0-9A-F:]+)/.exec(rootText)?.[1];
      assert.ok(rootSki);
      assert.match(text, new RegExp(`Authority Key Identifier: *\\n\\s+(keyid:)?${rootSki}`));
      assert.match(text, /CRL Distribution Points:[\s\S]*URI:http:\/\/127\.0\.0\.1:8200\/v1\/pki\/ca\/ca_root\/crl/);
      assert.match(text, /OCSP - URI:http:\/\/127\.0\.0\.1:8200\/v1\/pki\/ca\/ca_root\/ocsp/);
      if (key.keyType === 'ec') assert.match(text, new RegExp(`Signature Algorithm: ecdsa-with-SHA${key.keyBits === 384 ? 384 : 256}`));
      else assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    } finally {
      scratch.remove();
    }
  });
}

test('an intermediate may not outlive its parent: the refusal names validity_days and the parent expiry', async () => {
  const root = await createRootCa({ commonName: 'Short Root', key: { keyType: 'ec', keyBits: 256 }, validityDays: 30 });
  const parent = signingCa(root.certificateDer, root.privateKey);
  await assert.rejects(
    createIntermediateCa(parent, { commonName: 'Too Long', key: { keyType: 'ec', keyBits: 256 }, validityDays: 31 }),
    (error: unknown) =>
      error instanceof PkiValidationError &&
      error.field === 'validity_days' &&
      error.value === 31 &&
      /after the issuing CA expires/.test(error.message),
  );
  const ok = await createIntermediateCa(parent, { commonName: 'Fits', key: { keyType: 'ec', keyBits: 256 }, validityDays: 30 });
  assert.ok(ok.certificate.notAfter <= parent.certificate.notAfter);
});

test('path length: an intermediate with pathlen 0 may not sign another CA; a root limit of 1 allows exactly one level', async () => {
  const { intermediate } = await makeHierarchy();
  await assert.rejects(
    createIntermediateCa(intermediate, { commonName: 'Sub', key: { keyType: 'ec', keyBits: 256 }, validityDays: 10 }),
    (error: unknown) => error instanceof PkiValidationError && error.field === 'parent_ca_id' && /path length 0/.test(error.message),
  );
  const root = await createRootCa({ commonName: 'Limited Root', key: { keyType: 'ec', keyBits: 256 }, validityDays: 100, pathLength: 1 });
  const parent = signingCa(root.certificateDer, root.privateKey);
  await assert.rejects(
    createIntermediateCa(parent, { commonName: 'Sub', key: { keyType: 'ec', keyBits: 256 }, validityDays: 10, pathLength: 1 }),
    (error: unknown) => error instanceof PkiValidationError && error.field === 'path_length' && error.value === 1,
  );
});

test('bad CA parameters are refused naming the field: key type, key size, validity, common name', async () => {
  const cases: [Parameters<typeof createRootCa>[0], string][] = [
    [{ commonName: 'x', key: { keyType: 'dsa' as 'ec', keyBits: 256 }, validityDays: 10 }, 'key_type'],
    [{ commonName: 'x', key: { keyType: 'rsa', keyBits: 1024 }, validityDays: 10 }, 'key_size'],
    [{ commonName: 'x', key: { keyType: 'ec', keyBits: 521 }, validityDays: 10 }, 'key_size'],
    [{ commonName: 'x', key: { keyType: 'ec', keyBits: 256 }, validityDays: 0 }, 'validity_days'],
    [{ commonName: '', key: { keyType: 'ec', keyBits: 256 }, validityDays: 10 }, 'common_name'],
  ];
  for (const [request, field] of cases) {
    await assert.rejects(createRootCa(request), (error: unknown) => error instanceof PkiValidationError && error.field === field, field);
  }
});
