// Core's waiting services: the progress line, the process's stop signals, and polling.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CapturedStream, FakeClock, FakeSignals } from '../src/testing/index.js';
import { Waits } from '../src/services/waits.js';
import { processSignals } from '../src/services/process-signals.js';
import type { ProcessSignals } from '../src/di/tokens.js';
import { CliError, InterruptedError } from '../src/errors/cli-error.js';

const never: ProcessSignals = { listen: () => () => {} };
const processWaits = new Waits(new CapturedStream(), new FakeClock(), processSignals);
const startProgress = (stderr: CapturedStream, clock: FakeClock, label: string) => new Waits(stderr, clock, never).progress(label);

test('no progress is written when stderr is not a terminal', () => {
  const stderr = new CapturedStream();
  const progress = startProgress(stderr, new FakeClock(), 'Rotating');
  progress.stop();
  assert.equal(stderr.text, '');
});

test('on a terminal the line shows the elapsed seconds and is erased at the end', async () => {
  const stderr = new CapturedStream();
  stderr.isTTY = true;
  const clock = new FakeClock();
  const progress = startProgress(stderr, clock, 'Rotating the secrets of rot_quarterly…');
  assert.match(stderr.text, /Rotating the secrets of rot_quarterly… 0s$/);
  for (let i = 0; i < 12; i++) {
    clock.advance(250);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.match(stderr.text, /Rotating the secrets of rot_quarterly… 3s$/);
  progress.stop();
  progress.stop();
  assert.ok(stderr.text.endsWith('\r\u001b[2K'), 'the last write erases the line');
  const written = stderr.text.length;
  clock.advance(1000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(stderr.text.length, written, 'nothing is drawn after stop');
});

const listeners = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];

for (const name of ['SIGINT', 'SIGTERM'] as const) {
  test(`${name} aborts the signal and hands the next one back to Node`, () => {
    const before = listeners();
    const { signal, release } = processWaits.listen();
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
  const { signal, release } = processWaits.listen();
  release();
  assert.deepEqual(listeners(), before);
  assert.equal(signal.aborted, false);
});

/** Signals a test sends by hand. */
function manualStop(): FakeSignals & { stop(): void; released(): boolean } {
  const signals = new FakeSignals() as FakeSignals & { stop(): void; released(): boolean };
  signals.stop = () => signals.send('SIGINT');
  signals.released = () => !signals.listening('SIGINT') && !signals.listening('SIGTERM');
  return signals;
}

/** A clock whose sleeps end at once (or reject when the signal aborts), moving time on. */
function instantClock(onSleep: () => void = () => {}) {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      onSleep();
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
  };
}

test('poll: one line per change on a terminal with the seconds waited, and the final state', async () => {
  const stderr = new CapturedStream();
  stderr.isTTY = true;
  const states = ['pending', 'pending', 'processing', 'valid'];
  const stop = manualStop();
  const done = await new Waits(stderr, instantClock(), stop).poll('pending', {
    get: async () => states.shift()!,
    done: (state) => state === 'valid',
    intervalMs: 1000,
    describe: (state) => `order: ${state}`,
    interrupted: () => 'unused',
  });
  assert.equal(done, 'valid');
  assert.equal(stderr.text, 'order: pending, 0 s\norder: processing, 3 s\norder: valid, 4 s\n');
  assert.ok(stop.released(), 'the stop signals are let go');
});

test('poll: nothing on a pipe; Ctrl-C ends the waiting with an InterruptedError naming how to check', async () => {
  const stderr = new CapturedStream();
  const stop = manualStop();
  let sleeps = 0;
  const clock = instantClock(() => {
    if (++sleeps === 2) stop.stop();
  });
  await assert.rejects(
    new Waits(stderr, clock, stop).poll(0, {
      get: async () => 0,
      done: () => false,
      intervalMs: 1000,
      describe: (n) => `n=${n}`,
      interrupted: () => 'stopped waiting; check it with scaivault x get 1',
    }),
    (error) => error instanceof InterruptedError && error.message === 'stopped waiting; check it with scaivault x get 1',
  );
  assert.equal(stderr.text, '');
  assert.ok(stop.released());
});

test('poll: gives up after timeoutMs with the error the command chose', async () => {
  const gets: number[] = [];
  await assert.rejects(
    new Waits(new CapturedStream(), instantClock(), manualStop()).poll('queued', {
      get: async () => (gets.push(1), 'queued'),
      done: () => false,
      intervalMs: 1000,
      timeoutMs: 3000,
      interrupted: () => 'unused',
      timedOut: (state) => new CliError(`still ${state}`, { code: 'timeout' }),
    }),
    /still queued/,
  );
  assert.equal(gets.length, 3);
});
