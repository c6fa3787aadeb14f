// The pki namespace beyond the one happy path in namespaces.test.ts: formats, override fields, roles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withReplay } from './support/replay.js';

test('pki: CA certificate as DER is asked for with Accept: application/pkix-cert and comes back as bytes', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/pki/ca/ca_root_abc/certificate', {
      text: '0\u0003\u0002\u0001',
      headers: { 'content-type': 'application/pkix-cert' },
    });
    replay.expect('GET', '/v1/pki/ca/ca_root_abc/certificate', { json: { ca_id: 'ca_root_abc', certificate_pem: 'PEM' } });
    const { pki } = replay.client();
    const der = await pki.cas.certificate('ca_root_abc', { format: 'der' });
    assert.ok(der instanceof Uint8Array);
    assert.equal(der[0], 0x30);
    assert.equal(replay.requests[0]?.headers['accept'], 'application/pkix-cert');
    assert.equal((await pki.cas.certificate('ca_root_abc')).certificate_pem, 'PEM');
  }));

test('pki: sign sends the override names, CA create the path length, roles the extended key usages, CRL regenerate returns its number', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/pki/sign/svc', { json: { id: 'cert_1', certificate: 'PEM' } });
    replay.expect('POST', '/v1/pki/ca', { status: 201, json: { id: 'ca_int', name: 'int', path_length: 0 } });
    replay.expect('POST', '/v1/pki/roles', {
      status: 201,
      json: { name: 'svc', ca_id: 'ca_int', key_type: 'any', ext_key_usage: ['client_auth'] },
    });
    replay.expect('POST', '/v1/pki/ca/ca_int/crl', {
      json: { ca_id: 'ca_int', crl_pem: 'CRL', crl_number: 4, this_update: 'a', next_update: 'b' },
    });
    replay.expect('POST', '/v1/pki/ca/ca_int/revoke', {
      json: { id: 'ca_int', name: 'int', is_active: false, revocation_reason: 'ca_compromise' },
    });
    const { pki } = replay.client();
    await pki.sign('svc', { csr_pem: 'CSR', ttl: '24h', ip_sans: ['10.0.0.1'], alt_names: ['a.internal'] });
    assert.deepEqual(replay.requests[0]?.body, { csr_pem: 'CSR', ttl: '24h', ip_sans: ['10.0.0.1'], alt_names: ['a.internal'] });
    assert.equal(
      (await pki.cas.create({ name: 'int', common_name: 'Int', ca_type: 'intermediate', parent_ca_id: 'ca_root', path_length: 0 }))
        .path_length,
      0,
    );
    assert.deepEqual(
      (await pki.roles.create({ name: 'svc', ca_id: 'ca_int', key_type: 'any', ext_key_usage: ['client_auth'] })).ext_key_usage,
      ['client_auth'],
    );
    assert.equal((await pki.cas.regenerateCrl('ca_int')).crl_number, 4);
    assert.equal((await pki.cas.revoke('ca_int', 'ca_compromise')).revocation_reason, 'ca_compromise');
    assert.deepEqual(replay.requests[4]?.body, { reason: 'ca_compromise' });
  }));
