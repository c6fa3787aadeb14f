import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { eventDetails, eventLine } from '../src/event-view.js';
import { retryDelay } from '../src/event-follower.js';

test('a rotation reads as old → new version, then its other plain fields', () => {
  const line = eventLine({
    event_id: 'evt_1',
    event_type: 'secret.rotated',
    timestamp: '2026-04-23T14:00:00.123456Z',
    path: 'integrations/salesforce/oauth',
    data: {
      old_version: 3,
      new_version: 4,
      rotation_policy_id: 'rot_quarterly',
      grace_period_ends: '2026-04-25T14:00:00Z',
      auto_generated: true,
      tags: ['a'],
    },
  });
  assert.equal(
    line,
    '2026-04-23T14:00:00.123456Z  secret.rotated  integrations/salesforce/oauth  v3 → v4 rotation_policy_id=rot_quarterly grace_period_ends=2026-04-25T14:00:00Z auto_generated=true',
  );
});

test('events without a path or data still make one line', () => {
  assert.equal(eventLine({ event_id: 'evt_2', event_type: 'policy.created' }), '-  policy.created  -');
  assert.equal(
    eventDetails({ event_id: 'evt_3', event_type: 'secret.created', data: { version: 1, created_by: 'user:alice smith' } }),
    'v1 created_by="user:alice smith"',
  );
});

test('whatever the data, an event is printed on exactly one line', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))),
      fc.string(),
      (data, path) => {
        assert.ok(!eventLine({ event_id: 'evt_4', event_type: 'secret.updated', path, data }).includes('\n'));
      },
    ),
  );
});

test('reconnect waits grow from 0.25–0.5 s and never pass 30 s', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (failures, random) => {
      const ceiling = Math.min(30_000, 500 * 2 ** (failures - 1));
      const delay = retryDelay(failures, random);
      assert.ok(delay >= ceiling / 2 && delay <= ceiling, `${failures}: ${delay}`);
    }),
  );
});
