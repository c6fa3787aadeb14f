import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newId, newRequestId, newTimeOrderedId } from '../src/shared/ids.js';

const CROCKFORD = '[0-9a-hjkmnp-tv-z]';

test('ids stay well-formed and distinct well past one refill of their entropy pool', () => {
  // 4096 bytes serve 256 ids: 2000 cross several refills.
  const ids = Array.from({ length: 2000 }, () => newId('lease'));
  for (const id of ids) assert.match(id, new RegExp(`^lease_${CROCKFORD}{16}$`));
  assert.equal(new Set(ids).size, ids.length);
  // Each id takes its own bytes: no id repeats the random part of the one before it.
  const suffixes = ids.map((id) => id.slice('lease_'.length));
  for (let i = 1; i < suffixes.length; i++) assert.notEqual(suffixes[i], suffixes[i - 1]);
  assert.match(newRequestId(), new RegExp(`^req_${CROCKFORD}{16}$`));
});

test('time-ordered ids sort by their time and stay distinct within one millisecond', () => {
  const earlier = newTimeOrderedId('evt', 1_700_000_000_000);
  const sameMs = Array.from({ length: 300 }, () => newTimeOrderedId('evt', 1_700_000_000_001));
  assert.match(earlier, /^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
  for (const id of sameMs) assert.ok(id > earlier);
  assert.equal(new Set(sameMs).size, sameMs.length);
});
