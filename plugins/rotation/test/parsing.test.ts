import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { exitCodeOf } from '@scaivault/core/testing';
import { idList, requireId } from '../src/input/ids.js';
import { policyChanges } from '../src/input/policy-fields.js';

const unit = fc.constantFrom('s', 'm', 'h', 'd', 'w');
const seconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const duration = fc.tuple(fc.integer({ min: 1, max: 999 }), unit).map(([n, u]) => `${n}${u}`);

describe('policyChanges', () => {
  test('every valid duration list reaches the body joined by commas, spaces dropped', () => {
    fc.assert(
      fc.property(fc.array(duration, { minLength: 1, maxLength: 5 }), (items) => {
        assert.equal(policyChanges({ warnBefore: items.join(', ') }).warn_before, items.join(','));
      }),
    );
  });

  test('an interval of a minute or more passes; anything shorter is exit 5', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), unit, (n, u) => {
        const text = `${n}${u}`;
        if (n * seconds[u]! >= 60) assert.equal(policyChanges({ interval: text }).interval, text);
        else
          assert.equal(
            exitCodeOf(() => policyChanges({ interval: text })),
            5,
          );
      }),
    );
  });

  test('a duration with an unknown unit or no number is exit 5', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.constantFrom('x', 'y', 'ms', 'days', ''), (n, u) => {
        assert.equal(
          exitCodeOf(() => policyChanges({ gracePeriod: `${n}${u}` })),
          5,
        );
      }),
    );
    for (const bad of ['30x', 'd', '-5d', '1.5h', '1h 30m', '30'])
      assert.equal(
        exitCodeOf(() => policyChanges({ interval: bad })),
        5,
        bad,
      );
    // Compound durations are the server's too.
    assert.equal(policyChanges({ interval: '1h30m' }).interval, '1h30m');
  });

  test('only the given settings appear in the body', () => {
    assert.deepEqual(policyChanges({}), {});
    assert.deepEqual(policyChanges({ autoGenerate: false }), { auto_generate: false });
    assert.deepEqual(policyChanges({ name: ' quarterly ', webhooks: ['wh_a,wh_b', 'wh_c'] }), {
      name: 'quarterly',
      webhook_ids: ['wh_a', 'wh_b', 'wh_c'],
    });
  });
});

describe('ids', () => {
  test('ids with a slash, a space or nothing are exit 5', () => {
    for (const bad of ['', 'rot/a', 'rot a', '../x', 'rot_a\n'])
      assert.equal(
        exitCodeOf(() => requireId(bad, 'id')),
        5,
        JSON.stringify(bad),
      );
    assert.equal(requireId('rot_quarterly', 'id'), 'rot_quarterly');
  });

  test('idList splits, trims and refuses duplicates', () => {
    assert.deepEqual(idList([' wh_a , wh_b'], 'webhook id'), ['wh_a', 'wh_b']);
    assert.equal(
      exitCodeOf(() => idList(['wh_a', 'wh_a'], 'webhook id')),
      5,
    );
  });
});
