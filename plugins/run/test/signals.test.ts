// In-process, through core's Signals service: what run does with a signal is decided by the
// command, not by the test process receiving one.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ProcessSignals } from '@scaivault/core';
import { FakeSignals, jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-run', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const scratch = mkdtempSync(join(tmpdir(), 'sv-run-signals-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const readSecret = {
  request: { method: 'GET', path: '/v1/secrets/app/db' },
  response: jsonReply(200, { path: 'app/db', version: 1, data: { password: 'example-password' } }),
};

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

test('a SIGTERM run receives goes to the program, and run exits 128+15 when the program dies of it; the listener is released', async () => {
  const signals = new FakeSignals();
  const ready = join(scratch, 'ready');
  const running = runOffline(['run', '--env', 'P=app/db#password', '--', '/bin/sh', '-c', `echo "got $P"; : > ${ready}; exec sleep 30`], {
    distribution,
    signals,
    exchanges: [readSecret],
  });
  await until(() => existsSync(ready));
  assert.equal(signals.listening('SIGTERM'), true);
  signals.send('SIGTERM');
  const result = await running;
  assert.deepEqual([result.exitCode, result.stdout, result.stderr, result.allUsed], [143, 'got example-password\n', '', true]);
  assert.equal(signals.listening('SIGTERM'), false, 'no listener is left behind');
});

test('SIGUSR2 and SIGHUP are passed on too: a program that handles them keeps running until it chooses to exit', async () => {
  const signals = new FakeSignals();
  const ready = join(scratch, 'ready-usr2');
  const seen = join(scratch, 'seen-usr2');
  const script = `trap 'echo usr2; : > ${seen}' USR2; trap 'echo hup; exit 0' HUP; : > ${ready}; while :; do sleep 0.05; done`;
  const running = runOffline(['run', '--env', 'P=app/db#password', '--', '/bin/sh', '-c', script], {
    distribution,
    signals,
    exchanges: [readSecret],
  });
  await until(() => existsSync(ready));
  signals.send('SIGUSR2');
  await until(() => existsSync(seen));
  signals.send('SIGHUP');
  const result = await running;
  assert.deepEqual([result.exitCode, result.stdout], [0, 'usr2\nhup\n']);
});

test('interrupted while it reads its values: exit 130, the program never starts, and the lease already issued is revoked', async () => {
  // A signal that arrives the moment run starts listening, i.e. while it reads its values.
  const signals: ProcessSignals = {
    listen(_names, onSignal) {
      queueMicrotask(() => onSignal('SIGINT'));
      return () => undefined;
    },
  };
  const lease = { lease_id: 'lease_abc', lease_duration: 3600, renewable: true, data: { username: 'v_x', password: 'example-generated' } };
  const result = await runOffline(['run', '--env', 'DB_PASSWORD=dynamic:pg/readonly#password', '--', '/bin/sh', '-c', 'echo started'], {
    distribution,
    signals,
    exchanges: [
      { request: { method: 'POST', path: '/v1/dynamic/engines/pg/creds/readonly' }, response: jsonReply(201, lease) },
      {
        request: { method: 'POST', path: '/v1/dynamic/leases/lease_abc/revoke' },
        response: jsonReply(200, { lease_id: 'lease_abc', status: 'revoked' }),
      },
    ],
  });
  assert.deepEqual([result.exitCode, result.stdout, result.stderr, result.allUsed], [130, '', 'error: interrupted\n', true]);
});
