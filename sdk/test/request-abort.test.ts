import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestAbort } from '../src/transport/request-abort.js';

test('a request abort fires once, with its reason, and hands node:http an AbortSignal that follows it', () => {
  const abort = new RequestAbort();
  const before = abort.toSignal();
  let fired = 0;
  abort.on('abort', () => fired++);
  abort.abort('timed out');
  abort.abort('again');
  assert.deepEqual([abort.aborted, abort.reason, fired], [true, 'timed out', 1]);
  assert.deepEqual([before.aborted, before.reason], [true, 'timed out']);
  const after = abort.toSignal();
  assert.deepEqual([after.aborted, after.reason], [true, 'timed out'], 'a signal made after the abort is aborted already');
});
