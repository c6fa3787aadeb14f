import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { durationMs, parseDuration, parseDurationMs } from '../src/parsing/duration.js';
import { exitCodeOf } from '../src/testing/exit-code-of.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

test('a duration is one or more number-and-unit parts, added up, as the server reads them', () => {
  assert.equal(durationMs('1h30m'), 5_400_000);
  assert.equal(durationMs('1m30s'), 90_000);
  assert.equal(parseDuration('90d', '--expires-in'), 90 * 86_400);
  assert.equal(parseDuration('2w', '--interval'), 14 * 86_400);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.constantFrom('s', 'm', 'h', 'd', 'w')), { minLength: 1, maxLength: 4 }),
      (parts) => {
        const text = parts.map(([n, unit]) => `${n}${unit}`).join('');
        assert.equal(
          durationMs(text),
          parts.reduce((sum, [n, unit]) => sum + n * UNIT_MS[unit]!, 0),
        );
      },
    ),
  );
});

test('anything else is exit 5 naming the flag, with the accepted forms', () => {
  for (const bad of ['abc', '30', '1500ms', '30x', '1.5h', '-5m', '1h 30m', 'h', '', '0s', '0h0m']) {
    assert.equal(durationMs(bad), undefined, bad);
    assert.equal(
      exitCodeOf(() => parseDurationMs(bad, '--timeout')),
      5,
      bad,
    );
  }
  assert.throws(
    () => parseDurationMs('abc', '--timeout'),
    (error: Error & { hint?: string }) => {
      assert.equal(error.message, 'invalid duration for --timeout: "abc"');
      assert.match(error.hint!, /s, m, h, d or w.*1h30m/);
      return true;
    },
  );
  assert.throws(() => parseDurationMs('30', 'timeout'), { hint: /needs a unit, e\.g\. 30s/ } as object);
  assert.throws(() => parseDurationMs('-1d', '--expires-in'), { hint: /cannot be negative/ } as object);
});

test('zero is a duration only where a command allows it (a poll that answers at once)', () => {
  assert.equal(durationMs('0s', { allowZero: true }), 0);
  assert.equal(durationMs('0s'), undefined);
});
