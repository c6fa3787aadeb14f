import assert from 'node:assert/strict';
import { test } from 'node:test';
import { processSignals } from '../src/services/process-signals.js';

test('processSignals passes a signal the process receives to the listener, and releasing restores the default', async () => {
  const before = process.listenerCount('SIGUSR2');
  const seen: string[] = [];
  const arrived = new Promise<void>((resolve) => {
    const release = processSignals.listen(['SIGUSR2', 'SIGHUP'], (name) => {
      seen.push(name);
      release();
      resolve();
    });
    assert.equal(process.listenerCount('SIGUSR2'), before + 1);
  });
  // A signal alone does not keep the event loop alive while it is on its way.
  const keepAlive = setInterval(() => undefined, 1000);
  process.kill(process.pid, 'SIGUSR2');
  await arrived;
  clearInterval(keepAlive);
  assert.deepEqual(seen, ['SIGUSR2']);
  assert.equal(process.listenerCount('SIGUSR2'), before);
  assert.equal(process.listenerCount('SIGHUP'), 0);
});
