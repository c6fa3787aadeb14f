import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Normaliser } from '../src/fixtures/normalise.js';

test('measured durations become 0 in response bodies and in JSON printed inside a string', () => {
  const body = { logs: [{ duration_ms: 12 }, { duration_ms: 1 }, { duration_ms: 3.5 }] };
  const stdout = JSON.stringify(body, null, 2);
  const raw = JSON.stringify({ exchanges: [{ response: { body } }], recorded: { stdout } });
  const normaliser = new Normaliser({});
  normaliser.scan(raw);
  const normal = JSON.parse(normaliser.apply(raw)) as { exchanges: [{ response: { body: typeof body } }]; recorded: { stdout: string } };
  assert.deepEqual(
    normal.exchanges[0].response.body.logs.map((entry) => entry.duration_ms),
    [0, 0, 0],
  );
  assert.deepEqual(
    (JSON.parse(normal.recorded.stdout) as typeof body).logs.map((entry) => entry.duration_ms),
    [0, 0, 0],
  );
});

test('other numbers are left alone', () => {
  const raw = JSON.stringify({ body: { duration_ms: 7, records: 7, bytes: 12, version: 1 } });
  const normaliser = new Normaliser({});
  normaliser.scan(raw);
  assert.deepEqual(JSON.parse(normaliser.apply(raw)), { body: { duration_ms: 0, records: 7, bytes: 12, version: 1 } });
});

test('an id at the start of a printed line gets the same placeholder as in the response body', () => {
  const id = 'exp_cjk22zek8bedjdq0';
  const request = 'req_pnqb3xk0hy4afqdd';
  const raw = JSON.stringify({ body: { export_id: id, request_id: request }, stdout: `ID\n${id}  completed\n${request}\tx` });
  const normaliser = new Normaliser({});
  normaliser.scan(raw);
  const normal = JSON.parse(normaliser.apply(raw)) as { body: { export_id: string; request_id: string }; stdout: string };
  assert.match(normal.body.export_id, /^exp_0+\d$/);
  assert.equal(normal.stdout, `ID\n${normal.body.export_id}  completed\n${normal.body.request_id}\tx`);
});

test('PKI values a CA makes anew each run get one placeholder wherever they appear, JSON printed inside a string included; a CSR is kept', () => {
  const certificate = '-----BEGIN CERTIFICATE-----\nMIIBjzCCATWgAwIBAgIQCYn/OGiI\nbXZkIPzbXTmGKjAK==\n-----END CERTIFICATE-----\n';
  const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIBDzCBtQIBADAX\n-----END CERTIFICATE REQUEST-----\n';
  const serial = '09:89:ff:38:68:88:6d:76:64:20:fc:db:5d:39:86:2a';
  const body = {
    id: 'cert_0989ff3868886d766420fcdb5d39862a',
    certificate,
    serial_number: serial,
    ca_id: 'ca_intermediate_1vcthtgeh6jnkvjg',
    csr,
  };
  const raw = JSON.stringify({ body, stdout: JSON.stringify(body, null, 2), text: `${certificate}issued ${serial}` });
  const normaliser = new Normaliser({});
  normaliser.scan(raw);
  const normal = JSON.parse(normaliser.apply(raw)) as { body: typeof body; stdout: string; text: string };
  assert.match(normal.body.certificate, /^-----BEGIN CERTIFICATE-----\nFIXTURE\+CERTIFICATE\+\d+\n-----END CERTIFICATE-----\n$/);
  assert.match(normal.body.id, /^cert_0{30}\d{2}$/);
  assert.match(normal.body.ca_id, /^ca_intermediate_0{14}\d{2}$/);
  assert.match(normal.body.serial_number, /^(00:){15}\d\d$/);
  assert.equal(normal.body.csr, csr);
  assert.deepEqual(JSON.parse(normal.stdout), normal.body);
  assert.equal(normal.text, `${normal.body.certificate}issued ${normal.body.serial_number}`);
});
