import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { exitCodeOf } from '@scaivault/core/testing';
import { parseTimeBound, parseWindow } from '../src/input/time.js';

const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });

describe('parseTimeBound', () => {
  test('every ISO timestamp JavaScript prints is accepted, unchanged, at the same instant', () => {
    fc.assert(
      fc.property(instant, (date) => {
        const text = date.toISOString();
        assert.deepEqual(parseTimeBound(text, '--start'), { text, ms: date.getTime() });
      }),
    );
  });

  test('a date is midnight UTC at its start', () => {
    fc.assert(
      fc.property(instant, (date) => {
        const day = date.toISOString().slice(0, 10);
        const bound = parseTimeBound(day, '--start');
        assert.equal(bound.text, `${day}T00:00:00Z`);
        assert.equal(bound.ms, Date.parse(`${day}T00:00:00Z`));
      }),
    );
  });

  test('an offset moves the instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -23, max: 23 }), fc.constantFrom(0, 30, 45), (date, hours, minutes) => {
        const base = date.toISOString().slice(0, 19);
        const sign = hours < 0 ? '-' : '+';
        const offset = `${sign}${String(Math.abs(hours)).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
        const expected = Date.parse(`${base}Z`) - (hours < 0 ? -1 : 1) * (Math.abs(hours) * 60 + minutes) * 60_000;
        assert.equal(parseTimeBound(`${base}${offset}`, '--end').ms, expected);
      }),
    );
  });

  test('days that do not exist are exit 5, leap days included correctly', () => {
    assert.equal(
      exitCodeOf(() => parseTimeBound('2026-02-29', '--start')),
      5,
    );
    assert.equal(
      exitCodeOf(() => parseTimeBound('2028-02-29', '--start')),
      0,
    );
    assert.equal(
      exitCodeOf(() => parseTimeBound('2100-02-29', '--start')),
      5,
    );
    assert.equal(
      exitCodeOf(() => parseTimeBound('2026-04-31T00:00:00Z', '--start')),
      5,
    );
  });

  test('any other text is exit 5', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        fc.pre(!/^\d{4}-\d{2}-\d{2}/.test(text));
        assert.equal(
          exitCodeOf(() => parseTimeBound(text, '--start')),
          5,
        );
      }),
    );
  });
});

describe('parseWindow', () => {
  test('the end must come after the start', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const code = exitCodeOf(() => parseWindow(a.toISOString(), b.toISOString()));
        assert.equal(code, b.getTime() > a.getTime() ? 0 : 5);
      }),
    );
  });

  test('either bound may be left out', () => {
    assert.deepEqual(parseWindow(undefined, undefined), {});
    assert.deepEqual(parseWindow('2026-04-22', undefined), { from: '2026-04-22T00:00:00Z' });
    assert.deepEqual(parseWindow(undefined, '2026-04-23'), { to: '2026-04-23T00:00:00Z' });
  });
});
