// How `pki acme issue` waits: one progress line per status change on a terminal, nothing on a pipe.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Clock } from '@scaivault/core';
import { jsonReply, runOffline, singlePluginDistribution, type FixtureExchange } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-pki', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

/** A clock whose sleeps pass at once, moving its time on: the poll interval without the wait. */
function instantClock(): Clock {
  let now = Date.UTC(2026, 0, 1);
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

const order = (status: string, stage: string) => ({
  id: 'ord_1',
  account_id: 'acme_1',
  domains: ['www.acme.example'],
  challenge_type: 'dns-01',
  status,
  stage,
  created_at: '2026-01-01T00:00:00Z',
});

function exchanges(): FixtureExchange[] {
  const get = (status: string, stage: string): FixtureExchange => ({
    request: { method: 'GET', path: '/v1/pki/acme/orders/ord_1' },
    response: jsonReply(200, order(status, stage)),
  });
  return [
    { request: { method: 'POST', path: '/v1/pki/acme/orders' }, response: jsonReply(202, order('pending', 'queued')) },
    get('pending', 'waiting for DNS propagation'),
    get('processing', 'the CA is validating the challenges'),
    get('valid', 'issued'),
    {
      request: { method: 'GET', path: '/v1/pki/acme/orders/ord_1/certificate' },
      response: jsonReply(200, {
        certificate_id: 'cert_1',
        certificate: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n',
        ca_chain: [],
        serial_number: '01',
        not_before: '2026-01-01T00:00:00Z',
        not_after: '2026-04-01T00:00:00Z',
      }),
    },
  ];
}

const argv = ['pki', 'acme', 'issue', '--account', 'acme_1', '--domains', 'www.acme.example', '--json'];

test('acme issue on a terminal: one line per status with the time waited, in order', async () => {
  const result = await runOffline(argv, { distribution, exchanges: exchanges(), clock: instantClock(), tty: { stderr: true } });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.ok(result.allUsed);
  const progress = result.stderr.split('\n').filter((line) => line.includes('order ord_1:'));
  assert.deepEqual(progress, [
    'order ord_1: pending (queued), 0 s',
    'order ord_1: pending (waiting for DNS propagation), 1 s',
    'order ord_1: processing (the CA is validating the challenges), 2 s',
    'order ord_1: valid (issued), 3 s',
  ]);
  assert.equal(JSON.parse(result.stdout).certificate_id, 'cert_1');
});

test('acme issue on a pipe: no progress, only the result', async () => {
  const result = await runOffline(argv, { distribution, exchanges: exchanges(), clock: instantClock() });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /order ord_1/);
  assert.equal(JSON.parse(result.stdout).certificate_id, 'cert_1');
});
