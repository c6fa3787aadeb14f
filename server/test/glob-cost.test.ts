import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, matchGlobCounting } from '../src/policies/glob.js';

/** Steps one match takes; the matcher counts them, so cost is bounded without timing anything. */
function steps(pattern: string, path: string): { matched: boolean; steps: number } {
  const work = { steps: 0 };
  const matched = matchGlobCounting(pattern, path, work);
  return { matched, steps: work.steps };
}

const TEN_SEGMENTS = 'a/a/a/a/a/a/a/a/a/b';

test('many ** segments cost work linear in the pattern, not exponential', () => {
  // 100 `**` then a segment no path has: a backtracking matcher tries every way of splitting the path.
  const hundred = steps(`${Array(100).fill('**').join('/')}/zzz`, TEN_SEGMENTS);
  assert.equal(hundred.matched, false);
  assert.ok(hundred.steps < 1_000, `${hundred.steps} steps`);
  // `**` kept apart by literals cannot be merged away; doubling them must at most double the work.
  const alternating = (n: number) => `${Array(n).fill('**/a').join('/')}/zzz`;
  const n = steps(alternating(40), TEN_SEGMENTS);
  const twoN = steps(alternating(80), TEN_SEGMENTS);
  assert.equal(n.matched, false);
  assert.equal(twoN.matched, false);
  assert.ok(twoN.steps <= 2.2 * n.steps, `n: ${n.steps} steps, 2n: ${twoN.steps} steps`);
  const parts = 161;
  const segments = 10;
  assert.ok(twoN.steps <= 4 * parts * segments, `${twoN.steps} steps for ${parts} parts × ${segments} segments`);
});

test('many * in one segment cost work bounded by pattern length × segment length', () => {
  const segment = 'a'.repeat(200);
  const pattern = `${'*a'.repeat(100)}*b`;
  const result = steps(pattern, segment);
  assert.equal(result.matched, false);
  assert.ok(result.steps <= pattern.length * segment.length, `${result.steps} steps`);
  const half = steps(`${'*a'.repeat(50)}*b`, segment);
  assert.ok(result.steps <= 2.2 * half.steps, `50 stars: ${half.steps}, 100 stars: ${result.steps}`);
});

test('the linear matcher keeps the documented semantics at the edges', () => {
  const cases: [string, string, boolean][] = [
    ['**', 'a', true],
    ['**', 'a/b/c', true],
    ['**/**', 'a', true],
    ['**/a', 'a', false],
    ['**/a', 'x/a', true],
    ['**/a', 'x/y/a', true],
    ['a/**', 'a', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/x/y/c', false],
    ['a/**/**/b', 'a/b', true],
    ['*', 'a', true],
    ['*', 'a/b', false],
    ['a/*/c', 'a/b/c', true],
    ['a/*/c', 'a/c', false],
    ['*-key', 'api-key', true],
    ['*-key', 'api-keys', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['??', 'ab', true],
    ['??', 'abc', false],
    ['*.*', 'a.b', true],
  ];
  for (const [pattern, path, expected] of cases) {
    assert.equal(compileGlob(pattern)(path), expected, `${pattern} vs ${path}`);
    assert.equal(steps(pattern, path).matched, expected, `${pattern} vs ${path} (counting)`);
  }
});
