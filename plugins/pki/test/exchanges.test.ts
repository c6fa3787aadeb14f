// The server-backed pki commands against scripted exchanges in the documented API shapes
// (docs/api-decisions.md, "PKI"): what each sends, and what it prints or writes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Prompt } from '@scaivault/core';
import { jsonReply, runOffline, singlePluginDistribution, type FixtureExchange } from '@scaivault/core/testing';
import { OpensslPki, openssl } from './openssl-files.js';

const distribution = singlePluginDistribution('@scaivault/plugin-pki', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

let pki: OpensslPki;
let issued: Record<string, unknown>;
before(() => {
  pki = new OpensslPki().build();
  issued = {
    id: 'cert_3a4f',
    certificate: pki.read('good.pem'),
    private_key: pki.read('good.key'),
    ca_chain: [pki.read('int.pem'), pki.read('root.pem')],
    serial_number: '3a:4f',
    not_after: '2026-12-08T09:00:00Z',
  };
});
after(() => pki.remove());

function exchange(
  method: string,
  path: string,
  status: number,
  body: unknown,
  request: { query?: Record<string, string>; body?: unknown } = {},
): FixtureExchange {
  return { request: { method, path, ...request }, response: jsonReply(status, body) };
}

async function run(
  argv: string[],
  exchanges: FixtureExchange[],
  extra: { stdin?: string; env?: Record<string, string>; prompt?: Prompt } = {},
) {
  const result = await runOffline(argv, { distribution, exchanges, ...extra });
  assert.ok(result.allUsed, `every scripted exchange is requested: ${result.stderr}`);
  return result;
}

const CA = {
  id: 'ca_root_abc',
  name: 'Root CA',
  common_name: 'Acme Root CA',
  ca_type: 'root',
  key_type: 'rsa',
  key_size: 2048,
  valid_from: '2026-04-23T14:00:00Z',
  valid_until: '2036-04-20T14:00:00Z',
  is_active: true,
  certificates_issued: 0,
  created_at: '2026-04-23T14:00:00Z',
};

describe('pki ca', () => {
  test('ca create as in the seed: a root by default, validity in days', async () => {
    const result = await run(
      ['pki', 'ca', 'create', '--name', 'Root CA', '--common-name', 'Acme Root CA', '--validity-days', '3650'],
      [
        exchange('POST', '/v1/pki/ca', 201, CA, {
          body: { name: 'Root CA', common_name: 'Acme Root CA', ca_type: 'root', validity_days: 3650 },
        }),
      ],
    );
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout + result.stderr, /Created root CA ca_root_abc \(Acme Root CA\), valid until 2036-04-20T14:00:00Z/);
  });

  test('ca create --parent makes an intermediate with an EC key', async () => {
    const result = await run(
      [
        'pki',
        'ca',
        'create',
        '--name',
        'issuing',
        '--common-name',
        'Acme Issuing CA',
        '--parent',
        'ca_root_abc',
        '--key-type',
        'ec',
        '--key-size',
        '384',
        '--json',
      ],
      [
        exchange(
          'POST',
          '/v1/pki/ca',
          201,
          { ...CA, id: 'ca_int', ca_type: 'intermediate', parent_ca_id: 'ca_root_abc' },
          {
            body: {
              name: 'issuing',
              common_name: 'Acme Issuing CA',
              ca_type: 'intermediate',
              parent_ca_id: 'ca_root_abc',
              key_type: 'ec',
              key_size: 384,
            },
          },
        ),
      ],
    );
    assert.equal(JSON.parse(result.stdout).id, 'ca_int');
  });

  test('ca list prints a table, and --json the {"cas"} envelope', async () => {
    const list = exchange('GET', '/v1/pki/ca', 200, { cas: [CA], cursor: null, has_more: false });
    const table = await run(['pki', 'ca', 'list'], [list]);
    assert.match(table.stdout, /ca_root_abc +Root CA +root +rsa 2048/);
    const json = await run(['pki', 'ca', 'list', '--json'], [list]);
    assert.deepEqual(JSON.parse(json.stdout), { cas: [CA], cursor: null, has_more: false });
  });

  test('ca cert --format pem prints the PEM, --format der the same certificate as DER', async () => {
    const reply = exchange('GET', '/v1/pki/ca/ca_root_abc/certificate', 200, {
      ca_id: 'ca_root_abc',
      certificate_pem: pki.read('root.pem'),
    });
    const pem = await run(['pki', 'ca', 'cert', 'ca_root_abc', '--format', 'pem'], [reply]);
    assert.equal(pem.stdout, pki.read('root.pem'));
    const der = await run(['pki', 'ca', 'cert', 'ca_root_abc', '--format', 'der'], [reply]);
    pki.run(['x509', '-in', 'root.pem', '-outform', 'DER', '-out', 'root.der']);
    // The test harness captures stdout as UTF-8 text, so compare the same decoding of OpenSSL's DER.
    assert.equal(der.stdout, readFileSync(pki.path('root.der')).toString('utf8'));
  });
});

describe('pki roles', () => {
  const ROLE = {
    name: 'svc-mtls',
    ca_id: 'ca_int',
    allowed_domains: ['*.svc.cluster.local', '*.internal'],
    allow_subdomains: false,
    allow_ip_sans: true,
    max_ttl: '720h',
    key_type: 'ec',
    key_bits: 256,
    require_cn: false,
    store_private_keys: false,
  };

  test('roles create sends the role body; list, get and delete --yes', async () => {
    const created = await run(
      [
        'pki',
        'roles',
        'create',
        '--name',
        'svc-mtls',
        '--ca',
        'ca_int',
        '--allowed-domain',
        '*.svc.cluster.local,*.internal',
        '--allow-ip-sans',
        '--max-ttl',
        '720h',
        '--key-type',
        'ec',
        '--key-bits',
        '256',
        '--no-require-cn',
        '--ext-key-usage',
        'server-auth,client_auth',
      ],
      [
        exchange('POST', '/v1/pki/roles', 201, ROLE, {
          body: {
            name: 'svc-mtls',
            ca_id: 'ca_int',
            allowed_domains: ['*.svc.cluster.local', '*.internal'],
            allow_ip_sans: true,
            max_ttl: '720h',
            key_type: 'ec',
            key_bits: 256,
            require_cn: false,
            ext_key_usage: ['server_auth', 'client_auth'],
          },
        }),
      ],
    );
    assert.match(created.stdout + created.stderr, /Created role svc-mtls on ca_int/);
    const list = await run(
      ['pki', 'roles', 'list'],
      [exchange('GET', '/v1/pki/roles', 200, { roles: [ROLE], cursor: null, has_more: false })],
    );
    assert.match(list.stdout, /svc-mtls +ca_int +\*\.svc\.cluster\.local, \*\.internal/);
    const got = await run(
      ['pki', 'roles', 'get', 'svc-mtls', '--field', 'max_ttl'],
      [exchange('GET', '/v1/pki/roles/svc-mtls', 200, ROLE)],
    );
    assert.equal(got.stdout, '720h');
    const deleted = await run(
      ['pki', 'roles', 'delete', 'svc-mtls', '--yes'],
      [{ request: { method: 'DELETE', path: '/v1/pki/roles/svc-mtls' }, response: jsonReply(204) }],
    );
    assert.match(deleted.stdout + deleted.stderr, /Deleted role svc-mtls/);
  });
});

describe('pki certs issue', () => {
  test('the seed line: --ca, --san, --validity-days 7 → POST /v1/pki/ca/{id}/issue with ttl 168h', async () => {
    const result = await run(
      [
        'pki',
        'certs',
        'issue',
        '--ca',
        'ca_intermediate_abc',
        '--common-name',
        'billing.svc.cluster.local',
        '--san',
        'billing-api.svc.cluster.local',
        '--validity-days',
        '7',
      ],
      [
        exchange('POST', '/v1/pki/ca/ca_intermediate_abc/issue', 201, issued, {
          body: { common_name: 'billing.svc.cluster.local', alt_names: ['billing-api.svc.cluster.local'], ttl: '168h' },
        }),
      ],
    );
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(result.stdout.startsWith(pki.read('good.pem')));
    assert.ok(result.stdout.includes('BEGIN PRIVATE KEY'));
    assert.match(result.stderr, /Issued certificate cert_3a4f/);
  });

  test('on a terminal the key comes with a warning that it is shown once', async () => {
    const result = await runOffline(['pki', 'certs', 'issue', '--role', 'svc-mtls', '--common-name', 'a.internal'], {
      distribution,
      exchanges: [exchange('POST', '/v1/pki/issue/svc-mtls', 201, issued)],
      tty: { stderr: true },
    });
    assert.match(result.stderr, /shown only this once/);
  });

  test('--role and IP SANs: POST /v1/pki/issue/{role} with alt_names and ip_sans arrays', async () => {
    const result = await run(
      [
        'pki',
        'certs',
        'issue',
        '--role',
        'svc-mtls',
        '--common-name',
        'db.internal',
        '--san',
        'db-1.internal,10.0.0.7',
        '--san',
        'IP:::1',
        '--json',
      ],
      [
        exchange('POST', '/v1/pki/issue/svc-mtls', 201, issued, {
          body: { common_name: 'db.internal', alt_names: ['db-1.internal'], ip_sans: ['10.0.0.7', '::1'] },
        }),
      ],
    );
    assert.equal(JSON.parse(result.stdout).id, 'cert_3a4f');
  });

  test('--out-dir writes cert.pem, chain.pem, key.pem with mode 0600; a second run refuses without --force and writes nothing', async () => {
    const dir = pki.path('issued');
    const argv = ['pki', 'certs', 'issue', '--role', 'svc-mtls', '--common-name', 'good.internal', '--out-dir', dir];
    const reply = exchange('POST', '/v1/pki/issue/svc-mtls', 201, issued);
    const first = await run([...argv, '--json'], [reply]);
    assert.equal(first.exitCode, 0, first.stderr);
    const printed = JSON.parse(first.stdout);
    assert.equal(printed.private_key, undefined, 'the key goes to key.pem, not to stdout');
    assert.deepEqual(printed.files, [join(dir, 'cert.pem'), join(dir, 'chain.pem'), join(dir, 'key.pem')]);
    for (const name of ['cert.pem', 'chain.pem', 'key.pem']) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    const verified = openssl(
      ['verify', '-CAfile', pki.path('root.pem'), '-untrusted', join(dir, 'chain.pem'), join(dir, 'cert.pem')],
      pki.dir,
    );
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal(readFileSync(join(dir, 'key.pem'), 'utf8'), pki.read('good.key'));

    writeFileSync(join(dir, 'key.pem'), 'the earlier key');
    const second = await runOffline(argv, { distribution, exchanges: [] });
    assert.equal(second.exitCode, 5);
    assert.match(second.stderr, /already exists: nothing was written/);
    assert.equal(readFileSync(join(dir, 'key.pem'), 'utf8'), 'the earlier key');
    const forced = await run([...argv, '--force'], [reply]);
    assert.equal(forced.exitCode, 0, forced.stderr);
    assert.equal(readFileSync(join(dir, 'key.pem'), 'utf8'), pki.read('good.key'));
  });

  test('--format p12 writes bundle.p12 OpenSSL opens with the password from stdin, env or a prompt — and no key.pem', async () => {
    const reply = exchange('POST', '/v1/pki/issue/svc-mtls', 201, issued);
    const base = ['pki', 'certs', 'issue', '--role', 'svc-mtls', '--common-name', 'good.internal', '--format', 'p12'];
    const check = (dir: string, password: string) => {
      assert.equal(statSync(join(dir, 'bundle.p12')).mode & 0o777, 0o600);
      assert.ok(!existsSync(join(dir, 'key.pem')));
      const opened = openssl(['pkcs12', '-in', join(dir, 'bundle.p12'), '-passin', 'stdin', '-nodes'], pki.dir, `${password}\n`);
      assert.equal(opened.status, 0, opened.stderr);
      assert.match(opened.stdout, /subject=CN = good\.internal/);
      assert.match(opened.stdout, /subject=O = Test, CN = Test Root/);
      assert.match(opened.stdout, /BEGIN PRIVATE KEY/);
      const wrong = openssl(['pkcs12', '-in', join(dir, 'bundle.p12'), '-passin', 'pass:wrong', '-nodes'], pki.dir);
      assert.notEqual(wrong.status, 0);
    };
    const viaStdin = pki.path('p12-stdin');
    assert.equal((await run([...base, '--out-dir', viaStdin, '--password-stdin'], [reply], { stdin: 'correct horse\n' })).exitCode, 0);
    check(viaStdin, 'correct horse');
    const viaEnv = pki.path('p12-env');
    assert.equal((await run([...base, '--out-dir', viaEnv], [reply], { env: { SCAIVAULT_P12_PASSWORD: 'from-env' } })).exitCode, 0);
    check(viaEnv, 'from-env');
    const viaPrompt = pki.path('p12-prompt');
    const prompt: Prompt = { interactive: true, confirm: async () => true, secret: async () => 'typed-twice' };
    assert.equal((await run([...base, '--out-dir', viaPrompt], [reply], { prompt })).exitCode, 0);
    check(viaPrompt, 'typed-twice');
    // Two different answers: nothing is issued.
    let asked = 0;
    const mismatch: Prompt = { interactive: true, confirm: async () => true, secret: async () => `answer-${asked++}` };
    const refused = await runOffline([...base, '--out-dir', pki.path('p12-mismatch')], { distribution, prompt: mismatch });
    assert.equal(refused.exitCode, 5);
    assert.match(refused.stderr, /passwords differ/);
  });

  test('a role refusal from the server is exit 5 with its message naming the value', async () => {
    const result = await runOffline(['pki', 'certs', 'issue', '--role', 'svc-mtls', '--common-name', 'evil.example'], {
      distribution,
      exchanges: [
        exchange('POST', '/v1/pki/issue/svc-mtls', 422, {
          error: {
            code: 'validation_error',
            message: 'common_name: "evil.example" is not allowed by role svc-mtls (allowed_domains: *.internal)',
            details: { field: 'common_name', value: 'evil.example' },
            request_id: 'req_1',
          },
        }),
      ],
    });
    assert.equal(result.exitCode, 5);
    assert.match(result.stderr, /"evil\.example" is not allowed by role svc-mtls/);
  });
});

describe('pki certs list, revoke, sign', () => {
  test('certs list --ca-id --expiring-within 30d sends the filters and prints the table', async () => {
    const result = await run(
      ['pki', 'certs', 'list', '--ca-id', 'ca_x', '--expiring-within', '30d'],
      [
        exchange(
          'GET',
          '/v1/pki/certificates',
          200,
          {
            certificates: [
              { id: 'cert_1', common_name: 'billing.svc.cluster.local', ca_id: 'ca_x', not_after: '2026-12-08T00:00:00Z', revoked: false },
            ],
            cursor: 'c2',
            has_more: true,
          },
          { query: { ca_id: 'ca_x', expiring_within: '30d' } },
        ),
      ],
    );
    assert.match(result.stdout, /cert_1 +billing\.svc\.cluster\.local +ca_x/);
    assert.match(result.stderr, /--cursor c2/);
  });

  test('certs get shows the record; ca revoke --yes sends the reason and says it cascades', async () => {
    const got = await run(
      ['pki', 'certs', 'get', 'cert_xyz', '--json'],
      [
        exchange('GET', '/v1/pki/certificates/cert_xyz', 200, {
          id: 'cert_xyz',
          common_name: 'a.internal',
          ca_id: 'ca_int',
          revoked: false,
        }),
      ],
    );
    assert.equal(JSON.parse(got.stdout).ca_id, 'ca_int');
    const revoked = await run(
      ['pki', 'ca', 'revoke', 'ca_int', '--reason', 'ca_compromise', '--yes'],
      [
        exchange(
          'POST',
          '/v1/pki/ca/ca_int/revoke',
          200,
          { ...CA, id: 'ca_int', is_active: false, revocation_reason: 'ca_compromise' },
          { body: { reason: 'ca_compromise' } },
        ),
      ],
    );
    assert.match(revoked.stdout + revoked.stderr, /Revoked CA ca_int \(ca_compromise\) and every certificate under it/);
  });

  test('certs revoke sends the RFC 5280 reason', async () => {
    const result = await run(
      ['pki', 'certs', 'revoke', 'cert_xyz', '--reason', 'key_compromise'],
      [
        exchange(
          'POST',
          '/v1/pki/certificates/cert_xyz/revoke',
          200,
          { id: 'cert_xyz', revoked: true, revocation_reason: 'key_compromise', revoked_at: '2026-12-01T10:00:00Z' },
          { body: { reason: 'key_compromise' } },
        ),
      ],
    );
    assert.match(result.stdout + result.stderr, /Revoked cert_xyz \(key_compromise\)/);
  });

  test('certs sign sends only the CSR (made locally), never the key, and writes the certificate', async () => {
    const dir = pki.path('local-csr');
    assert.equal(
      (await runOffline(['pki', 'csr', 'create', '--common-name', 'api.internal', '--out-dir', dir], { distribution })).exitCode,
      0,
    );
    const csrPem = readFileSync(join(dir, 'csr.pem'), 'utf8');
    const out = pki.path('signed');
    const result = await run(
      ['pki', 'certs', 'sign', join(dir, 'csr.pem'), '--role', 'svc-mtls', '--validity-days', '30', '--out-dir', out],
      [exchange('POST', '/v1/pki/sign/svc-mtls', 200, { ...issued, private_key: undefined }, { body: { csr_pem: csrPem, ttl: '720h' } })],
    );
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(existsSync(join(out, 'cert.pem')) && existsSync(join(out, 'chain.pem')));
    assert.ok(!existsSync(join(out, 'key.pem')));
  });
});

describe('pki csr workflow', () => {
  const CSR = {
    id: 'csr_abc',
    status: 'pending',
    common_name: 'api.internal',
    alt_names: ['api.internal'],
    requested_by: 'user_1',
    created_at: '2026-12-01T09:00:00Z',
  };

  test('csr submit reads the file (or stdin) and posts csr_pem and the comment', async () => {
    const csrPem = pki.read('good.csr');
    const result = await run(
      ['pki', 'csr', 'submit', '-', '--comment', 'billing API'],
      [exchange('POST', '/v1/pki/csr', 201, CSR, { body: { csr_pem: csrPem, comment: 'billing API' } })],
      { stdin: csrPem },
    );
    assert.match(result.stdout + result.stderr, /Submitted csr_abc \(pending\)/);
  });

  test('csr list --status pending, approve, sign --ca --validity-days 90', async () => {
    const list = await run(
      ['pki', 'csr', 'list', '--status', 'pending'],
      [exchange('GET', '/v1/pki/csr', 200, { csrs: [CSR], cursor: null, has_more: false }, { query: { status: 'pending' } })],
    );
    assert.match(list.stdout, /csr_abc +pending +api\.internal/);
    const approved = await run(
      ['pki', 'csr', 'approve', 'csr_abc'],
      [exchange('POST', '/v1/pki/csr/csr_abc/approve', 200, { ...CSR, status: 'approved' })],
    );
    assert.match(approved.stdout + approved.stderr, /Approved csr_abc \(api\.internal\)/);
    const signed = await run(
      ['pki', 'csr', 'sign', 'csr_abc', '--ca', 'ca_x', '--validity-days', '90'],
      [
        exchange(
          'POST',
          '/v1/pki/csr/csr_abc/sign',
          200,
          { ...issued, private_key: undefined, csr_id: 'csr_abc' },
          { body: { ca_id: 'ca_x', validity_days: 90 } },
        ),
      ],
    );
    assert.equal(signed.exitCode, 0, signed.stderr);
    assert.ok(signed.stdout.startsWith(pki.read('good.pem')));
    assert.ok(!signed.stdout.includes('PRIVATE KEY'));
  });

  test("approving a CSR that is not pending is the server's 409 invalid_state", async () => {
    const result = await runOffline(['pki', 'csr', 'approve', 'csr_abc'], {
      distribution,
      exchanges: [
        exchange('POST', '/v1/pki/csr/csr_abc/approve', 409, {
          error: { code: 'invalid_state', message: 'csr_abc is signed, not pending', request_id: 'req_2' },
        }),
      ],
    });
    assert.notEqual(result.exitCode, 0);
    assert.match(result.stderr, /csr_abc is signed, not pending/);
  });
});
