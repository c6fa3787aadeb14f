import assert from 'node:assert/strict';
import { test } from 'node:test';
import { processStopSignals } from '../src/stop-signals.js';

const listeners = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];

for (const name of ['SIGINT', 'SIGTERM'] as const) {
  test(`${name} aborts the signal and hands the next one back to Node`, () => {
    const before = listeners();
    const { signal, release } = processStopSignals.listen();
    assert.deepEqual(
      listeners(),
      before.map((count) => count + 1),
    );
    process.emit(name, name);
    assert.equal(signal.aborted, true);
    assert.equal(signal.reason, name);
    assert.deepEqual(listeners(), before, 'both listeners are gone, so a second signal ends the process');
    release();
    assert.deepEqual(listeners(), before);
  });
}

test('release() stops listening without aborting', () => {
  const before = listeners();
  const { signal, release } = processStopSignals.listen();
  release();
  assert.deepEqual(listeners(), before);
  assert.equal(signal.aborted, false);
});
