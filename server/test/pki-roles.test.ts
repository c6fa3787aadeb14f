import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameAllowedByRole, parseTtl, PkiValidationError } from '../src/crypto/ca-engine/index.js';

test('allowed_domains globs: * stays within one label; subdomains only with allow_subdomains; case does not matter', () => {
  const exact = { allowedDomains: ['*.svc.cluster.local', 'example.com'], allowSubdomains: false };
  assert.equal(nameAllowedByRole('billing.svc.cluster.local', exact), true);
  assert.equal(nameAllowedByRole('BILLING.svc.cluster.local', exact), true);
  assert.equal(nameAllowedByRole('a.billing.svc.cluster.local', exact), false);
  assert.equal(nameAllowedByRole('svc.cluster.local', exact), false);
  assert.equal(nameAllowedByRole('example.com', exact), true);
  assert.equal(nameAllowedByRole('www.example.com', exact), false);
  assert.equal(nameAllowedByRole('example.com.evil.net', exact), false);
  assert.equal(nameAllowedByRole('evilexample.com', exact), false);
  const below = { ...exact, allowSubdomains: true };
  assert.equal(nameAllowedByRole('a.billing.svc.cluster.local', below), true);
  assert.equal(nameAllowedByRole('www.example.com', below), true);
  assert.equal(nameAllowedByRole('evilexample.com', below), false);
  assert.equal(nameAllowedByRole('*.example.com', below), true);
  assert.equal(nameAllowedByRole('anything.else', { allowedDomains: [], allowSubdomains: true }), false);
});

test('TTLs: s, m, h, d and combinations; anything else is refused naming the value', () => {
  assert.equal(parseTtl('90s'), 90);
  assert.equal(parseTtl('168h'), 168 * 3600);
  assert.equal(parseTtl('1h30m'), 5400);
  assert.equal(parseTtl('30d'), 30 * 86_400);
  for (const bad of ['', '0h', '7', '7 days', '-1h', '1.5h']) {
    assert.throws(
      () => parseTtl(bad),
      (error: unknown) => error instanceof PkiValidationError && error.field === 'ttl' && error.value === bad,
      bad,
    );
  }
});
