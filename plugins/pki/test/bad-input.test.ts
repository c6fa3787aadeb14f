import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { assertBadInput, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-pki', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const scratch = mkdtempSync(join(tmpdir(), 'sv-pki-bad-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name: string, contents: string) => {
  const path = join(scratch, name);
  writeFileSync(path, contents);
  return path;
};
const KEY = file('key.pem', '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n');
const CERT_NOT_CSR = file('cert.pem', '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n');
const BROKEN_CSR = file('broken.csr', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n');
const TEXT = file('notes.txt', 'just some text\n');
const EXISTING_DIR = mkdtempSync(join(scratch, 'out-'));
writeFileSync(join(EXISTING_DIR, 'key.pem'), 'old');
const A_FILE = file('plain-file', 'x');

const issue = ['pki', 'certs', 'issue', '--ca', 'ca_int', '--common-name', 'billing.svc.cluster.local'];

const rejected: Array<[string, string[], RegExp?]> = [
  // ca list
  ['ca list: extra argument', ['pki', 'ca', 'list', 'x']],
  ['ca list: --limit 0', ['pki', 'ca', 'list', '--limit', '0'], /--limit/],
  // ca create
  ['ca create: no --name', ['pki', 'ca', 'create', '--common-name', 'Acme Root CA']],
  ['ca create: no --common-name', ['pki', 'ca', 'create', '--name', 'Root CA']],
  ['ca create: empty --name', ['pki', 'ca', 'create', '--name', ' ', '--common-name', 'x']],
  ['ca create: --common-name too long', ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x'.repeat(65)]],
  ['ca create: --type bogus', ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--type', 'leaf'], /--type/],
  [
    'ca create: intermediate without --parent',
    ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--type', 'intermediate'],
    /--parent/,
  ],
  ['ca create: root with --parent', ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--type', 'root', '--parent', 'ca_a']],
  ['ca create: bad --parent', ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--parent', 'ca/a']],
  ['ca create: --key-type dsa', ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--key-type', 'dsa'], /--key-type/],
  ['ca create: --key-size 1024', ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--key-size', '1024'], /--key-size/],
  [
    'ca create: ec --key-size 2048',
    ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--key-type', 'ec', '--key-size', '2048'],
    /--key-size/,
  ],
  ['ca create: --validity-days 0', ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--validity-days', '0'], /--validity-days/],
  [
    'ca create: --validity-days ten',
    ['pki', 'ca', 'create', '--name', 'r', '--common-name', 'x', '--validity-days', 'ten'],
    /--validity-days/,
  ],
  // ca cert
  ['ca cert: missing id', ['pki', 'ca', 'cert']],
  ['ca cert: bad id', ['pki', 'ca', 'cert', 'ca root']],
  ['ca cert: --format txt', ['pki', 'ca', 'cert', 'ca_root', '--format', 'txt'], /--format/],
  // ca crl
  ['ca crl: missing id', ['pki', 'ca', 'crl']],
  ['ca crl: bad id', ['pki', 'ca', 'crl', 'ca root']],
  ['ca crl: --format txt', ['pki', 'ca', 'crl', 'ca_root', '--format', 'txt'], /--format/],
  ['ca crl: empty --out', ['pki', 'ca', 'crl', 'ca_root', '--out', ' '], /--out/],
  ['ca crl: --out is a directory', ['pki', 'ca', 'crl', 'ca_root', '--out', scratch], /is a directory/],
  // roles
  ['roles create: no --name', ['pki', 'roles', 'create', '--ca', 'ca_int', '--allowed-domain', '*.internal'], /--name/],
  ['roles create: no --ca', ['pki', 'roles', 'create', '--name', 'svc', '--allowed-domain', '*.internal'], /--ca/],
  ['roles create: no --allowed-domain', ['pki', 'roles', 'create', '--name', 'svc', '--ca', 'ca_int'], /--allowed-domain/],
  [
    'roles create: bad --allowed-domain',
    ['pki', 'roles', 'create', '--name', 'svc', '--ca', 'ca_int', '--allowed-domain', 'bad domain'],
    /--allowed-domain/,
  ],
  ['roles create: bad --name', ['pki', 'roles', 'create', '--name', 'svc/x', '--ca', 'ca_int', '--allowed-domain', '*.internal']],
  [
    'roles create: --max-ttl 30x',
    ['pki', 'roles', 'create', '--name', 'svc', '--ca', 'ca_int', '--allowed-domain', '*.internal', '--max-ttl', '30x'],
    /--max-ttl/,
  ],
  [
    'roles create: --key-type dsa',
    ['pki', 'roles', 'create', '--name', 'svc', '--ca', 'ca_int', '--allowed-domain', '*.internal', '--key-type', 'dsa'],
    /--key-type/,
  ],
  [
    'roles create: --key-bits 1024',
    [
      'pki',
      'roles',
      'create',
      '--name',
      'svc',
      '--ca',
      'ca_int',
      '--allowed-domain',
      '*.internal',
      '--key-type',
      'rsa',
      '--key-bits',
      '1024',
    ],
    /--key-bits/,
  ],
  [
    'roles create: --key-bits with any',
    [
      'pki',
      'roles',
      'create',
      '--name',
      'svc',
      '--ca',
      'ca_int',
      '--allowed-domain',
      '*.internal',
      '--key-type',
      'any',
      '--key-bits',
      '256',
    ],
    /--key-bits/,
  ],
  [
    'roles create: bad --ext-key-usage',
    ['pki', 'roles', 'create', '--name', 'svc', '--ca', 'ca_int', '--allowed-domain', '*.internal', '--ext-key-usage', 'everything'],
    /--ext-key-usage/,
  ],
  ['roles get: missing name', ['pki', 'roles', 'get']],
  ['roles get: bad name', ['pki', 'roles', 'get', 'svc mtls']],
  ['roles list: --limit 0', ['pki', 'roles', 'list', '--limit', '0'], /--limit/],
  ['roles delete: without --yes, not on a terminal', ['pki', 'roles', 'delete', 'svc-mtls'], /--yes/],
  ['roles delete: bad name', ['pki', 'roles', 'delete', 'svc/x', '--yes']],
  // certs issue
  ['certs issue: neither --ca nor --role', ['pki', 'certs', 'issue', '--common-name', 'a.internal'], /--ca/],
  ['certs issue: both --ca and --role', [...issue, '--role', 'svc']],
  ['certs issue: no --common-name', ['pki', 'certs', 'issue', '--ca', 'ca_int'], /--common-name/],
  ['certs issue: bad --common-name', ['pki', 'certs', 'issue', '--ca', 'ca_int', '--common-name', 'not a name'], /--common-name/],
  ['certs issue: bad --san', [...issue, '--san', 'bad_name!.internal'], /--san/],
  ['certs issue: empty --san item', [...issue, '--san', 'a.internal,,b.internal'], /--san/],
  ['certs issue: --validity-days 0', [...issue, '--validity-days', '0'], /--validity-days/],
  ['certs issue: --validity-days -1', [...issue, '--validity-days', '-1'], /--validity-days/],
  ['certs issue: bad --ca', ['pki', 'certs', 'issue', '--ca', 'ca/x', '--common-name', 'a.internal']],
  ['certs issue: bad --role', ['pki', 'certs', 'issue', '--role', 'svc mtls', '--common-name', 'a.internal']],
  ['certs issue: --force without --out-dir', [...issue, '--force'], /--force/],
  ['certs issue: --format jks', [...issue, '--out-dir', scratch, '--format', 'jks'], /--format/],
  ['certs issue: --format p12 without --out-dir', [...issue, '--format', 'p12'], /--out-dir/],
  ['certs issue: --password-stdin without p12', [...issue, '--password-stdin'], /--password-stdin/],
  [
    'certs issue: p12 with no password source, not on a terminal',
    [...issue, '--out-dir', join(scratch, 'p12'), '--format', 'p12'],
    /password/,
  ],
  // certs sign
  ['certs sign: no --role', ['pki', 'certs', 'sign', BROKEN_CSR], /--role/],
  ['certs sign: missing file', ['pki', 'certs', 'sign', '--role', 'svc']],
  ['certs sign: unreadable CSR file', ['pki', 'certs', 'sign', join(scratch, 'nope.csr'), '--role', 'svc'], /cannot read/],
  ['certs sign: a certificate, not a CSR', ['pki', 'certs', 'sign', CERT_NOT_CSR, '--role', 'svc'], /not a CSR/],
  ['certs sign: a broken CSR', ['pki', 'certs', 'sign', BROKEN_CSR, '--role', 'svc'], /not a CSR/],
  ['certs sign: a private key', ['pki', 'certs', 'sign', KEY, '--role', 'svc'], /private key/],
  ['certs sign: --validity-days 0', ['pki', 'certs', 'sign', BROKEN_CSR, '--role', 'svc', '--validity-days', '0'], /--validity-days/],
  ['certs sign: --force without --out-dir', ['pki', 'certs', 'sign', BROKEN_CSR, '--role', 'svc', '--force'], /--force/],
  // ca revoke / certs get
  ['ca revoke: without --yes, not on a terminal', ['pki', 'ca', 'revoke', 'ca_int', '--reason', 'ca_compromise'], /--yes/],
  ['ca revoke: bad reason', ['pki', 'ca', 'revoke', 'ca_int', '--reason', 'oops', '--yes'], /--reason/],
  ['ca revoke: bad id', ['pki', 'ca', 'revoke', 'ca/int', '--yes']],
  ['certs get: missing id', ['pki', 'certs', 'get']],
  ['certs get: bad id', ['pki', 'certs', 'get', 'cert xyz']],
  // certs list
  ['certs list: --expiring-within 30', ['pki', 'certs', 'list', '--expiring-within', '30'], /--expiring-within/],
  ['certs list: --expiring-within soon', ['pki', 'certs', 'list', '--expiring-within', 'soon'], /--expiring-within/],
  ['certs list: bad --ca-id', ['pki', 'certs', 'list', '--ca-id', 'ca x']],
  ['certs list: --limit 1001', ['pki', 'certs', 'list', '--limit', '1001'], /--limit/],
  // certs revoke
  ['certs revoke: missing id', ['pki', 'certs', 'revoke']],
  ['certs revoke: bad reason', ['pki', 'certs', 'revoke', 'cert_xyz', '--reason', 'lost_it'], /--reason/],
  [
    'certs revoke: remove_from_crl is not a reason to revoke',
    ['pki', 'certs', 'revoke', 'cert_xyz', '--reason', 'remove_from_crl'],
    /--reason/,
  ],
  ['certs revoke: empty reason', ['pki', 'certs', 'revoke', 'cert_xyz', '--reason', '']],
  ['certs revoke: bad id', ['pki', 'certs', 'revoke', 'cert/xyz', '--reason', 'key_compromise']],
  // csr create
  ['csr create: no --common-name', ['pki', 'csr', 'create', '--out-dir', scratch], /--common-name/],
  ['csr create: no --out-dir', ['pki', 'csr', 'create', '--common-name', 'a.internal'], /--out-dir/],
  ['csr create: bad --san', ['pki', 'csr', 'create', '--common-name', 'a.internal', '--san', '-bad-', '--out-dir', scratch], /--san/],
  [
    'csr create: --key-type dsa',
    ['pki', 'csr', 'create', '--common-name', 'a.internal', '--key-type', 'dsa', '--out-dir', scratch],
    /--key-type/,
  ],
  [
    'csr create: --key-size 512',
    ['pki', 'csr', 'create', '--common-name', 'a.internal', '--key-type', 'rsa', '--key-size', '512', '--out-dir', scratch],
    /--key-size/,
  ],
  [
    'csr create: existing key.pem without --force',
    ['pki', 'csr', 'create', '--common-name', 'a.internal', '--out-dir', EXISTING_DIR],
    /already exists/,
  ],
  ['csr create: --out-dir is a file', ['pki', 'csr', 'create', '--common-name', 'a.internal', '--out-dir', A_FILE], /not a directory/],
  // csr submit
  ['csr submit: missing file', ['pki', 'csr', 'submit']],
  ['csr submit: not a CSR', ['pki', 'csr', 'submit', TEXT], /not a CSR/],
  ['csr submit: unreadable', ['pki', 'csr', 'submit', join(scratch, 'missing.csr')], /cannot read/],
  ['csr submit: --comment too long', ['pki', 'csr', 'submit', BROKEN_CSR, '--comment', 'x'.repeat(1025)], /--comment/],
  // csr list / approve / sign
  ['csr list: bad --status', ['pki', 'csr', 'list', '--status', 'waiting'], /--status/],
  ['csr approve: missing id', ['pki', 'csr', 'approve']],
  ['csr approve: bad id', ['pki', 'csr', 'approve', 'csr abc']],
  ['csr sign: no --ca', ['pki', 'csr', 'sign', 'csr_abc', '--validity-days', '90'], /--ca/],
  ['csr sign: --validity-days 0', ['pki', 'csr', 'sign', 'csr_abc', '--ca', 'ca_x', '--validity-days', '0'], /--validity-days/],
  ['csr sign: bad --ca', ['pki', 'csr', 'sign', 'csr_abc', '--ca', 'ca x']],
  // inspect / verify
  ['inspect: missing file', ['pki', 'inspect']],
  ['inspect: unreadable', ['pki', 'inspect', join(scratch, 'missing.pem')], /cannot read/],
  ['inspect: a text file', ['pki', 'inspect', TEXT], /not a certificate, CSR or CRL/],
  ['inspect: a private key', ['pki', 'inspect', KEY], /PRIVATE KEY/],
  ['verify: no --ca', ['pki', 'verify', CERT_NOT_CSR], /--ca/],
  ['verify: unreadable cert', ['pki', 'verify', join(scratch, 'missing.pem'), '--ca', CERT_NOT_CSR], /cannot read/],
  ['verify: --ca holds no certificate', ['pki', 'verify', CERT_NOT_CSR, '--ca', TEXT], /--ca/],
  ['verify: --ocsp-url not a URL', ['pki', 'verify', CERT_NOT_CSR, '--ca', CERT_NOT_CSR, '--ocsp-url', 'localhost:8200'], /--ocsp-url/],
  ['verify: --crl holds no CRL', ['pki', 'verify', CERT_NOT_CSR, '--ca', CERT_NOT_CSR, '--crl', TEXT], /--crl/],
];

describe('bad input is exit 5 with one line on stderr, and nothing is sent', () => {
  for (const [name, argv, says] of rejected) {
    test(name, async () => assertBadInput(await runOffline(argv, { distribution }), says));
  }

  test('ca cert --format der is refused on a terminal, before any request', async () => {
    assertBadInput(
      await runOffline(['pki', 'ca', 'cert', 'ca_root', '--format', 'der'], { distribution, tty: { stdout: true } }),
      /redirect it to a file/,
    );
  });

  test('ca crl --format der is refused on a terminal without --out, before any request', async () => {
    assertBadInput(
      await runOffline(['pki', 'ca', 'crl', 'ca_root', '--format', 'der'], { distribution, tty: { stdout: true } }),
      /give --out FILE or redirect it/,
    );
  });

  test('csr submit of a certificate is refused as not a CSR', async () => {
    assertBadInput(await runOffline(['pki', 'csr', 'submit', CERT_NOT_CSR], { distribution }), /not a CSR/);
  });

  test('--json errors are one JSON line on stderr', async () => {
    const result = await runOffline(['pki', 'certs', 'revoke', 'cert_xyz', '--reason', 'lost_it', '--json'], { distribution });
    assert.equal(result.exitCode, 5);
    assert.deepEqual(Object.keys(JSON.parse(result.stderr) as object), ['error']);
  });
});
