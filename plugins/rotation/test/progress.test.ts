import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CapturedStream, FakeClock } from '@scaivault/core/testing';
import { startProgress } from '../src/progress.js';

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
