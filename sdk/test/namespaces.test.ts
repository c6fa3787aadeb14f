// One happy path per namespace: method, path, query and body on the wire, and the typed result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withReplay } from './support/replay.js';

test('policies: create, get, bind, unbind, delete with force, test', () =>
  withReplay(async (replay) => {
    const policy = {
      id: 'pol_xyz',
      name: 'production-read-only',
      rules: [{ path_pattern: 'environments/production/**', permissions: ['read', 'list'] }],
      is_active: true,
    };
    replay.expect('POST', '/v1/policies', { status: 201, json: policy });
    replay.expect('GET', '/v1/policies/pol_xyz', {
      json: { ...policy, bindings: [{ id: 'bnd_1', identity_type: 'group', identity_id: 'group:developers' }] },
    });
    replay.expect('POST', '/v1/policies/pol_xyz/bindings', {
      status: 201,
      json: { id: 'bnd_1', policy_id: 'pol_xyz', identity_type: 'group', identity_id: 'group:developers' },
    });
    replay.expect('DELETE', '/v1/policies/pol_xyz/bindings/bnd_1', { status: 204 });
    replay.expect('DELETE', '/v1/policies/pol_xyz?force=true', { status: 204 });
    replay.expect('POST', '/v1/policies/test', {
      json: {
        allowed: true,
        reason: 'allowed',
        matched_policy_id: 'pol_xyz',
        matched_policy_name: 'production-read-only',
        matched_rule: policy.rules[0],
        failed_condition: null,
      },
    });
    const { policies } = replay.client();
    const created = await policies.create({
      name: 'production-read-only',
      rules: [{ path_pattern: 'environments/production/**', permissions: ['read', 'list'] }],
    });
    assert.equal(created.id, 'pol_xyz');
    assert.deepEqual(replay.requests[0]?.body, {
      name: 'production-read-only',
      rules: [{ path_pattern: 'environments/production/**', permissions: ['read', 'list'] }],
    });
    assert.equal((await policies.get('pol_xyz')).bindings?.[0]?.identity_id, 'group:developers');
    const binding = await policies.bind('pol_xyz', { identity_type: 'group', identity_id: 'group:developers' });
    assert.equal(binding.id, 'bnd_1');
    assert.deepEqual(replay.requests[2]?.body, { identity_type: 'group', identity_id: 'group:developers' });
    await policies.unbind('pol_xyz', 'bnd_1');
    await policies.delete('pol_xyz', { force: true });
    const decision = await policies.test({
      identity_id: 'user:alice@acme.example',
      path: 'environments/production/db',
      permission: 'read',
    });
    assert.equal(decision.allowed, true);
    assert.equal(decision.matched_rule?.path_pattern, 'environments/production/**');
    assert.deepEqual(replay.last().body, {
      identity_id: 'user:alice@acme.example',
      path: 'environments/production/db',
      permission: 'read',
    });
  }));

test('secretPolicies: list, types, create, generate', () =>
  withReplay(async (replay) => {
    const sp = {
      id: 'sp_db',
      name: 'Strong Password',
      policy_type: 'password',
      fields: [{ name: 'password', generator: 'random', config: { length: 32 } }],
      is_active: true,
    };
    replay.expect('GET', '/v1/secret-policies?limit=10', { json: { secret_policies: [sp], cursor: null, has_more: false } });
    replay.expect('GET', '/v1/secret-policies/types', {
      json: { policy_types: [{ name: 'password' }], generators: [{ name: 'random', config_keys: ['length'] }] },
    });
    replay.expect('POST', '/v1/secret-policies', { status: 201, json: sp });
    replay.expect('POST', '/v1/secret-policies/sp_db/generate', { json: { policy_id: 'sp_db', data: { password: 'x'.repeat(32) } } });
    const { secretPolicies } = replay.client();
    assert.equal((await secretPolicies.list({ limit: 10 })).secret_policies[0]?.id, 'sp_db');
    assert.equal((await secretPolicies.types()).policy_types[0]?.name, 'password');
    await secretPolicies.create({
      name: 'Strong Password',
      policy_type: 'password',
      fields: [{ name: 'password', generator: 'random', config: { length: 32 } }],
    });
    assert.deepEqual(replay.requests[2]?.body, {
      name: 'Strong Password',
      policy_type: 'password',
      fields: [{ name: 'password', generator: 'random', config: { length: 32 } }],
    });
    assert.equal((await secretPolicies.generate('sp_db')).data['password'], 'x'.repeat(32));
  }));

test('rotation: create, assign, trigger, history, due, detach', () =>
  withReplay(async (replay) => {
    const policy = {
      id: 'rot_quarterly',
      name: 'quarterly',
      interval: '90d',
      interval_seconds: 7776000,
      grace_period: '48h',
      warn_before: '7d,1d',
      is_active: true,
      secrets_count: 0,
    };
    const run = {
      id: 'rh_1',
      policy_id: 'rot_quarterly',
      secret_path: 'env/prod/oauth',
      status: 'success',
      old_version: 3,
      new_version: 4,
    };
    replay.expect('POST', '/v1/rotation/policies', { status: 201, json: policy });
    replay.expect('POST', '/v1/rotation/policies/rot_quarterly/secrets', {
      status: 201,
      json: { policy_id: 'rot_quarterly', secret_path: 'env/prod/oauth', assigned_at: 't' },
    });
    replay.expect('POST', '/v1/rotation/policies/rot_quarterly/rotate', { json: [run] });
    replay.expect('GET', '/v1/rotation/policies/rot_quarterly/history?status=failed', {
      json: { data: [], cursor: null, has_more: false },
    });
    replay.expect('GET', '/v1/rotation/due?within_hours=168', {
      json: { data: [{ secret_path: 'env/prod/oauth', policy_id: 'rot_quarterly', due_at: 't', overdue: false }] },
    });
    replay.expect('DELETE', '/v1/rotation/policies/rot_quarterly/secrets/env%2Fprod%2Foauth', { status: 204 });
    const { rotation } = replay.client();
    assert.equal(
      (await rotation.create({ name: 'quarterly', interval: '90d', grace_period: '48h', warn_before: '7d,1d' })).interval_seconds,
      7776000,
    );
    assert.deepEqual(replay.requests[0]?.body, { name: 'quarterly', interval: '90d', grace_period: '48h', warn_before: '7d,1d' });
    await rotation.assign('rot_quarterly', 'env/prod/oauth');
    assert.deepEqual(replay.requests[1]?.body, { secret_path: 'env/prod/oauth' });
    const runs = await rotation.trigger('rot_quarterly');
    assert.equal(runs[0]?.new_version, 4);
    assert.equal(replay.requests[2]?.body ?? null, null);
    assert.equal(replay.requests[2]?.headers['content-type'], undefined);
    assert.deepEqual((await rotation.history('rot_quarterly', { status: 'failed' })).data, []);
    assert.equal((await rotation.due({ withinHours: 168 })).data[0]?.secret_path, 'env/prod/oauth');
    await rotation.detach('rot_quarterly', 'env/prod/oauth');
  }));

test('pki: CA create and certificate, issue, sign, certificates, revoke, CRL, CSRs, ACME, DNS providers', () =>
  withReplay(async (replay) => {
    const ca = {
      id: 'ca_root_abc',
      name: 'acme-root',
      common_name: 'Acme Root CA',
      ca_type: 'root',
      key_type: 'ec',
      key_size: 256,
      is_active: true,
    };
    const issued = {
      id: 'cert_1',
      certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      private_key: 'PEM',
      ca_chain: ['CA'],
      serial_number: '01',
      not_after: 't',
    };
    replay.expect('POST', '/v1/pki/ca', { status: 201, json: ca });
    replay.expect('GET', '/v1/pki/ca/ca_root_abc/certificate', { json: { ca_id: 'ca_root_abc', certificate_pem: 'ROOT PEM' } });
    replay.expect('POST', '/v1/pki/issue/svc-mtls', { json: issued });
    replay.expect('POST', '/v1/pki/ca/ca_int/issue', { json: issued });
    replay.expect('POST', '/v1/pki/sign/svc-mtls', { json: { ...issued, private_key: undefined } });
    replay.expect('GET', '/v1/pki/certificates?ca_id=ca_x&expiring_within=30d', {
      json: { certificates: [{ id: 'cert_1', common_name: 'billing' }], cursor: null, has_more: false },
    });
    replay.expect('POST', '/v1/pki/certificates/cert_xyz/revoke', {
      json: { id: 'cert_xyz', revoked: true, revocation_reason: 'key_compromise' },
    });
    replay.expect('GET', '/v1/pki/ca/ca_root_abc/crl', { text: '-----BEGIN X509 CRL-----' });
    replay.expect('GET', '/v1/pki/csr?status=pending', { json: { csrs: [{ id: 'csr_abc', status: 'pending' }] } });
    replay.expect('POST', '/v1/pki/csr/csr_abc/approve', { json: { id: 'csr_abc', status: 'approved' } });
    replay.expect('POST', '/v1/pki/csr/csr_abc/sign', { json: { ...issued, private_key: undefined, csr_id: 'csr_abc' } });
    replay.expect('POST', '/v1/pki/acme/accounts', {
      status: 201,
      json: { id: 'acme_abc', provider: 'letsencrypt', environment: 'production' },
    });
    replay.expect('POST', '/v1/pki/acme/orders', {
      status: 201,
      json: { id: 'order_1', status: 'pending', domains: ['api.acme.example'] },
    });
    replay.expect('GET', '/v1/dns/providers', { json: { providers: [{ id: 'dnsp_abc', provider_type: 'route53', is_active: true }] } });
    const { pki } = replay.client();
    assert.equal(
      (
        await pki.cas.create({
          name: 'acme-root',
          common_name: 'Acme Root CA',
          ca_type: 'root',
          key_type: 'ec',
          key_size: 256,
          validity_days: 3650,
        })
      ).id,
      'ca_root_abc',
    );
    assert.equal((await pki.cas.certificate('ca_root_abc')).certificate_pem, 'ROOT PEM');
    const cert = await pki.issue('svc-mtls', {
      common_name: 'billing.svc.cluster.local',
      alt_names: ['billing-api.svc.cluster.local'],
      ttl: '168h',
    });
    assert.equal(cert.private_key, 'PEM');
    assert.deepEqual(replay.requests[2]?.body, {
      common_name: 'billing.svc.cluster.local',
      alt_names: ['billing-api.svc.cluster.local'],
      ttl: '168h',
    });
    await pki.cas.issue('ca_int', { common_name: 'billing.svc.cluster.local', validity_days: 7 });
    assert.deepEqual(replay.requests[3]?.body, { common_name: 'billing.svc.cluster.local', validity_days: 7 });
    assert.equal((await pki.sign('svc-mtls', { csr_pem: 'CSR' })).private_key, undefined);
    assert.equal((await pki.certificates.list({ caId: 'ca_x', expiringWithin: '30d' })).certificates[0]?.id, 'cert_1');
    assert.equal((await pki.certificates.revoke('cert_xyz', 'key_compromise')).revoked, true);
    assert.deepEqual(replay.requests[6]?.body, { reason: 'key_compromise' });
    assert.equal(await pki.cas.crl('ca_root_abc'), '-----BEGIN X509 CRL-----');
    assert.equal(replay.requests[7]?.headers['accept'], 'application/x-pem-file');
    assert.equal((await pki.csrs.list({ status: 'pending' })).csrs[0]?.id, 'csr_abc');
    assert.equal((await pki.csrs.approve('csr_abc')).status, 'approved');
    assert.equal((await pki.csrs.sign('csr_abc', { ca_id: 'ca_x', validity_days: 90 })).csr_id, 'csr_abc');
    assert.deepEqual(replay.requests[10]?.body, { ca_id: 'ca_x', validity_days: 90 });
    await pki.acme.accounts.register({
      name: 'letsencrypt-production',
      provider: 'letsencrypt',
      environment: 'production',
      email: 'certs@acme.example',
    });
    assert.deepEqual(replay.requests[11]?.body, {
      name: 'letsencrypt-production',
      provider: 'letsencrypt',
      environment: 'production',
      email: 'certs@acme.example',
    });
    const order = await pki.acme.orders.create({ account_id: 'acme_abc', domains: ['api.acme.example'], challenge_type: 'dns-01' });
    assert.equal(order.status, 'pending');
    assert.equal((await pki.dnsProviders.list()).providers[0]?.id, 'dnsp_abc');
  }));

test('dynamic: engines, roles, creds with lease and data, leases renew and revoke', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/dynamic/engines', { json: { engines: [{ name: 'postgres-prod', type: 'database', status: 'healthy' }] } });
    replay.expect('GET', '/v1/dynamic/engines/postgres-prod/roles', { json: { roles: [{ name: 'readonly', default_ttl: '1h' }] } });
    replay.expect('POST', '/v1/dynamic/engines/postgres-prod/creds/readonly', {
      status: 201,
      json: {
        lease_id: 'lease_abc',
        engine: 'postgres-prod',
        role: 'readonly',
        ttl: '2h',
        expires_at: 't',
        renewable: true,
        data: { username: 'v_ro', password: 'pw', connection_url: 'postgresql://v_ro:pw@db/support' },
      },
    });
    replay.expect('GET', '/v1/dynamic/leases?engine=postgres-prod', {
      json: { leases: [{ lease_id: 'lease_abc', status: 'active' }], cursor: null, has_more: false },
    });
    replay.expect('POST', '/v1/dynamic/leases/lease_abc/renew', { json: { lease_id: 'lease_abc', status: 'active', expires_at: 't2' } });
    replay.expect('POST', '/v1/dynamic/leases/lease_abc/revoke', { json: { lease_id: 'lease_abc', status: 'revoked' } });
    const { dynamic } = replay.client();
    assert.equal((await dynamic.engines.list()).engines[0]?.name, 'postgres-prod');
    assert.equal((await dynamic.roles.list('postgres-prod')).roles[0]?.name, 'readonly');
    const lease = await dynamic.creds('postgres-prod', 'readonly', { ttl: '2h' });
    assert.equal(lease.lease_id, 'lease_abc');
    assert.equal(lease.data['connection_url'], 'postgresql://v_ro:pw@db/support');
    assert.deepEqual(replay.requests[2]?.body, { ttl: '2h' });
    assert.equal((await dynamic.leases.list({ engine: 'postgres-prod' })).leases.length, 1);
    assert.equal((await dynamic.leases.renew('lease_abc', { ttl: '1h' })).expires_at, 't2');
    assert.deepEqual(replay.requests[4]?.body, { ttl: '1h' });
    assert.equal((await dynamic.leases.revoke('lease_abc')).status, 'revoked');
  }));

test('dynamic: forced deletes and revoking every lease of an engine or prefix', () =>
  withReplay(async (replay) => {
    replay.expect('DELETE', '/v1/dynamic/engines/postgres-old?force=true', { status: 204 });
    replay.expect('DELETE', '/v1/dynamic/engines/postgres-prod/roles/readonly', { status: 204 });
    replay.expect('POST', '/v1/dynamic/leases/revoke', {
      json: {
        revoked: [{ lease_id: 'lease_a', status: 'revoked' }],
        failed: [{ lease_id: 'lease_b', error: { code: 'backend_error', message: 'down' } }],
      },
    });
    replay.expect('GET', '/v1/dynamic/leases?status=all', { json: { leases: [], cursor: null, has_more: false } });
    const { dynamic } = replay.client();
    await dynamic.engines.delete('postgres-old', { force: true });
    await dynamic.roles.delete('postgres-prod', 'readonly');
    const result = await dynamic.leases.revokeMatching({ prefix: 'postgres-prod/readonly' });
    assert.deepEqual(replay.requests[2]?.body, { prefix: 'postgres-prod/readonly' });
    assert.deepEqual([result.revoked[0]?.lease_id, result.failed[0]?.error?.code], ['lease_a', 'backend_error']);
    assert.deepEqual((await dynamic.leases.list({ status: 'all' })).leases, []);
  }));

test('audit: query with filters, trail, summary, export', () =>
  withReplay(async (replay) => {
    const entry = {
      id: 'log_abc',
      timestamp: '2026-04-23T18:00:00.123456Z',
      action: 'read',
      identity_type: 'service_account',
      identity_id: 'sa:reporting',
      secret_path: 'a/b',
      success: true,
      extra_data: {},
    };
    replay.expect(
      'GET',
      '/v1/audit/logs?from=2026-04-22T00%3A00%3A00Z&to=2026-04-23T00%3A00%3A00Z&action=read%2Cwrite&success=true&limit=100',
      {
        json: { logs: [entry], cursor: 'eyJpZCI6MTc4fQ', has_more: true },
      },
    );
    replay.expect('GET', '/v1/audit/secrets/env/prod/oauth', {
      json: { logs: [entry], cursor: null, has_more: false, summary: { period_days: 30, total_events: 1 } },
    });
    replay.expect('GET', '/v1/audit/summary', { json: { total_events: 125432, successful_events: 124890 } });
    replay.expect('POST', '/v1/audit/export', { status: 202, json: { export_id: 'exp_1', status: 'pending', estimated_records: 10 } });
    const { audit } = replay.client();
    const page = await audit.query({
      from: '2026-04-22T00:00:00Z',
      to: '2026-04-23T00:00:00Z',
      action: ['read', 'write'],
      success: true,
      limit: 100,
    });
    assert.equal(page.logs[0]?.identity_id, 'sa:reporting');
    assert.equal(page.cursor, 'eyJpZCI6MTc4fQ');
    assert.equal((await audit.trail('env/prod/oauth')).summary?.total_events, 1);
    assert.equal((await audit.summary()).total_events, 125432);
    const job = await audit.export({
      from: 'a',
      to: 'b',
      format: 'jsonl',
      destination: { type: 's3', bucket: 'logs', credentials_path: 'infra/s3' },
    });
    assert.equal(job.export_id, 'exp_1');
  }));

test('audit: an export without a window sends neither from nor to', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/audit/export', { status: 202, json: { export_id: 'exp_2', status: 'pending', estimated_records: 3 } });
    const { audit } = replay.client();
    await audit.export({
      format: 'csv',
      filters: { success: false },
      destination: { type: 'gcs', bucket: 'logs', credentials_path: 'infra/gcs' },
    });
    assert.deepEqual(replay.last().body, {
      format: 'csv',
      filters: { success: false },
      destination: { type: 'gcs', bucket: 'logs', credentials_path: 'infra/gcs' },
    });
  }));

test('serviceAccounts: create, createKey returns the plaintext once, listKeys, deleteKey', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/service-accounts', {
      status: 201,
      json: { id: 'sva_abc', name: 'CI Pipeline', roles: ['secrets-reader'], identity_id: 'sa:ci-pipeline', status: 'active' },
    });
    replay.expect('POST', '/v1/service-accounts/sva_abc/keys', {
      status: 201,
      json: { id: 'key_xyz', service_account_id: 'sva_abc', name: 'Production Key', prefix: 'svk_1a2b3c4d', key: 'svk_1a2b3c4d5e6f' },
    });
    replay.expect('GET', '/v1/service-accounts/sva_abc/keys', {
      json: { keys: [{ id: 'key_xyz', name: 'Production Key', prefix: 'svk_1a2b3c4d' }] },
    });
    replay.expect('DELETE', '/v1/service-accounts/sva_abc/keys/key_xyz', { status: 204 });
    const { serviceAccounts } = replay.client();
    assert.equal((await serviceAccounts.create({ name: 'CI Pipeline', roles: ['secrets-reader'] })).id, 'sva_abc');
    assert.deepEqual(replay.requests[0]?.body, { name: 'CI Pipeline', roles: ['secrets-reader'] });
    const key = await serviceAccounts.createKey('sva_abc', { name: 'Production Key' }, { idempotencyKey: 'ik-1' });
    assert.equal(key.key, 'svk_1a2b3c4d5e6f');
    assert.equal(replay.requests[1]?.headers['idempotency-key'], 'ik-1');
    const keys = await serviceAccounts.listKeys('sva_abc');
    assert.equal(keys.keys[0]?.id, 'key_xyz');
    assert.equal('key' in (keys.keys[0] ?? {}), false);
    await serviceAccounts.deleteKey('sva_abc', 'key_xyz');
  }));

test('subscriptions: create, list, poll, ack, delete', () =>
  withReplay(async (replay) => {
    const subscription = { id: 'sub_abc', name: 'Slack rotation alerts', status: 'active', identity_id: 'user:alice@acme.example' };
    replay.expect('POST', '/v1/subscriptions', { status: 201, json: subscription });
    replay.expect('GET', '/v1/subscriptions', { json: { subscriptions: [subscription], cursor: null, has_more: false } });
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=45&since_event_id=evt_1&max_events=10', {
      json: {
        events: [
          { event_id: 'evt_2', event_type: 'secret.rotated', timestamp: 't', path: 'a/b', data: { old_version: 3, new_version: 4 } },
        ],
        has_more: false,
      },
    });
    replay.expect('POST', '/v1/subscriptions/sub_abc/ack', { json: { acknowledged: 1 } });
    replay.expect('DELETE', '/v1/subscriptions/sub_abc', { status: 204 });
    const { subscriptions } = replay.client();
    await subscriptions.create({
      name: 'Slack rotation alerts',
      paths: ['environments/production/**'],
      events: ['secret.rotated', 'rotation.due'],
      delivery: { type: 'webhook', url: 'https://hooks.example/xxx', secret: 'whsec' },
    });
    assert.deepEqual(replay.requests[0]?.body, {
      name: 'Slack rotation alerts',
      paths: ['environments/production/**'],
      events: ['secret.rotated', 'rotation.due'],
      delivery: { type: 'webhook', url: 'https://hooks.example/xxx', secret: 'whsec' },
    });
    assert.equal((await subscriptions.list()).subscriptions[0]?.id, 'sub_abc');
    const polled = await subscriptions.poll('sub_abc', { timeout: 45, sinceEventId: 'evt_1', maxEvents: 10 });
    assert.equal(polled.events[0]?.data?.['new_version'], 4);
    assert.equal((await subscriptions.ack('sub_abc', ['evt_2'])).acknowledged, 1);
    assert.deepEqual(replay.requests[3]?.body, { event_ids: ['evt_2'] });
    await subscriptions.delete('sub_abc');
  }));

test('webhooks: create, get with statistics, rotate secret, test, deliveries', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/webhooks', {
      status: 201,
      json: { id: 'wh_abc', name: 'rotation-alerts', enabled: true, status: 'healthy' },
    });
    replay.expect('GET', '/v1/webhooks/wh_abc', {
      json: { id: 'wh_abc', statistics: { deliveries_24h: 47, success_rate_24h: 0.98, avg_latency_ms: 180 } },
    });
    replay.expect('PATCH', '/v1/webhooks/wh_abc', { json: { id: 'wh_abc' } });
    replay.expect('POST', '/v1/webhooks/wh_abc/test', {
      json: { delivery_id: 'del_test', status: 'success', response_code: 200, duration_ms: 156 },
    });
    replay.expect('GET', '/v1/webhooks/wh_abc/deliveries?status=failed', { json: { deliveries: [{ id: 'del_xyz', status: 'failed' }] } });
    const { webhooks } = replay.client();
    await webhooks.create({ name: 'rotation-alerts', url: 'https://hooks.example/x', secret: 's'.repeat(32), events: ['secret.rotated'] });
    assert.equal((await webhooks.get('wh_abc')).statistics?.deliveries_24h, 47);
    await webhooks.update('wh_abc', { secret: 'n'.repeat(32), previous_secret_ttl: '24h' });
    assert.deepEqual(replay.requests[2]?.body, { secret: 'n'.repeat(32), previous_secret_ttl: '24h' });
    assert.equal((await webhooks.test('wh_abc')).response_code, 200);
    assert.equal((await webhooks.deliveries('wh_abc', { status: 'failed' })).deliveries[0]?.id, 'del_xyz');
  }));

test('federation: list, status, sync', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/federation/backends', {
      json: { backends: [{ id: 'fed_abc', name: 'hashicorp-production', mode: 'proxy' }], cursor: null, has_more: false },
    });
    replay.expect('GET', '/v1/federation/backends/fed_abc/status', {
      json: {
        id: 'fed_abc',
        name: 'hashicorp-production',
        status: 'healthy',
        secrets_synced: 127,
        connection: { status: 'connected', latency_ms: 15 },
      },
    });
    replay.expect('POST', '/v1/federation/backends/fed_abc/sync', {
      status: 202,
      json: { sync_id: 'sync_1', backend_id: 'fed_abc', status: 'running' },
    });
    const { federation } = replay.client();
    assert.equal((await federation.list()).backends[0]?.id, 'fed_abc');
    assert.equal((await federation.status('fed_abc')).connection?.status, 'connected');
    assert.equal((await federation.sync('fed_abc')).status, 'running');
  }));

test('identity: paged lists, resolve, sync with query, user roles', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/identity/partners?status=ACTIVE&page=2&page_size=50', {
      json: { partners: [{ id: 'ptn_abc', name: 'Acme Corp' }], total: 51 },
    });
    replay.expect('GET', '/v1/identity/resolve/user/usr_abc', { json: { id: 'usr_abc', type: 'user', groups: ['grp_sre'] } });
    replay.expect('POST', '/v1/identity/sync?tenant_id=tnt_xyz', {
      status: 202,
      json: { sync_id: 'sync_1', status: 'running', started_at: 't' },
    });
    replay.expect('PUT', '/v1/identity/users/usr_abc/roles', { json: { user_id: 'usr_abc', roles: ['tenant_admin'] } });
    const { identity } = replay.client();
    const partners = await identity.partners({ status: 'ACTIVE', page: 2, pageSize: 50 });
    assert.equal(partners.total, 51);
    assert.equal((await identity.resolve('user', 'usr_abc')).groups?.[0], 'grp_sre');
    assert.equal((await identity.sync({ tenantId: 'tnt_xyz' })).sync_id, 'sync_1');
    assert.deepEqual((await identity.setUserRoles('usr_abc', ['tenant_admin'])).roles, ['tenant_admin']);
    assert.deepEqual(replay.last().body, { roles: ['tenant_admin'] });
  }));

test('auth: whoami with the reduced quickstart body, introspect, exchange without a token', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', {
      json: {
        identity_id: 'user:alice@acme.example',
        identity_type: 'user',
        tenant_id: 'tnt_acme_prod',
        partner_id: 'ptn_acme',
        scopes: ['secrets:read'],
      },
    });
    replay.expect('POST', '/v1/auth/introspect', { json: { active: false } });
    replay.expect('POST', '/v1/auth/exchange', {
      json: { access_token: 'eyJ.exchanged', token_type: 'Bearer', expires_in: 3600, identity_id: 'sa:billing-prod' },
    });
    const { auth } = replay.client();
    const me = await auth.whoami();
    assert.equal(me.identity_id, 'user:alice@acme.example');
    assert.equal(me.groups, undefined);
    assert.equal((await auth.introspect('other-token')).active, false);
    const exchanged = await auth.exchange({ subject_token: 'k8s.jwt', role: 'sa:billing-prod' });
    assert.equal(exchanged.access_token, 'eyJ.exchanged');
    assert.equal(replay.last().headers['authorization'], undefined);
  }));

test('system: health and version need no token; readiness 503 is a report', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/health', { json: { status: 'healthy', timestamp: '2026-04-23T14:00:00Z' } });
    replay.expect('GET', '/v1/version', { json: { version: '1.0.0', api_version: 'v1' } });
    replay.expect('GET', '/v1/health/ready', {
      status: 503,
      json: { status: 'not_ready', checks: { database: 'ok', redis: 'error', encryption: 'ok' }, errors: { redis: 'Connection refused' } },
    });
    replay.expect('GET', '/v1/metrics', { text: 'scaivault_requests_total 1\n' });
    const { system } = replay.client();
    assert.equal((await system.health()).status, 'healthy');
    assert.equal(replay.last().headers['authorization'], undefined);
    assert.equal((await system.version()).version, '1.0.0');
    const ready = await system.ready();
    assert.equal(ready.status, 'not_ready');
    assert.equal(ready.errors?.['redis'], 'Connection refused');
    assert.equal(replay.sleeps.length, 0);
    assert.match(await system.metrics(), /scaivault_requests_total/);
  }));

test('auth: personal tokens are minted, listed and revoked', () =>
  withReplay(async (replay) => {
    const token = { id: 'tok_1', identity_id: 'user:bob@acme.example', token_prefix: 'skt_ab', scopes: ['secrets:read'], created_at: 't' };
    replay.expect('POST', '/v1/auth/tokens', { status: 201, json: { ...token, token: 'skt_abcdef' } });
    replay.expect('GET', '/v1/auth/tokens', { json: { tokens: [token] } });
    replay.expect('DELETE', '/v1/auth/tokens/tok_1', { status: 204 });
    const { auth } = replay.client();
    const minted = await auth.createToken({ identity_id: 'user:bob@acme.example', scopes: ['secrets:read'], expires_in: '1d' });
    assert.equal(minted.token, 'skt_abcdef');
    assert.deepEqual(replay.requests[0]?.body, { identity_id: 'user:bob@acme.example', scopes: ['secrets:read'], expires_in: '1d' });
    assert.equal((await auth.listTokens()).tokens[0]?.id, 'tok_1');
    await auth.revokeToken('tok_1');
  }));
