import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '@scaivault/core';
import { parseRoleList, requireId, requireName } from '../src/input/names.js';

const role = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);

test('a comma-separated list of distinct roles parses back to the same roles', () => {
  fc.assert(
    fc.property(fc.uniqueArray(role, { minLength: 1, maxLength: 6 }), fc.boolean(), (roles, spaced) => {
      assert.deepEqual(parseRoleList(roles.join(spaced ? ', ' : ',')), roles);
    }),
  );
});

test('a role given twice, an empty item or a bad character is a usage error', () => {
  fc.assert(
    fc.property(role, (name) => {
      assert.throws(() => parseRoleList(`${name},${name}`), UsageError);
      assert.throws(() => parseRoleList(`${name},`), UsageError);
      assert.throws(() => parseRoleList(`${name.toUpperCase()}X`), UsageError);
    }),
  );
  assert.throws(() => parseRoleList(''), /--roles is empty/);
  assert.throws(() => parseRoleList(' , '), /--roles is empty/);
});

test('names are trimmed, one line and at most 256 characters', () => {
  assert.equal(requireName('  CI Pipeline '), 'CI Pipeline');
  assert.throws(() => requireName('   '), UsageError);
  assert.throws(() => requireName('a\nb'), UsageError);
  assert.throws(() => requireName('x'.repeat(257)), /maximum is 256/);
});

test('ids are one URL-safe segment', () => {
  fc.assert(
    fc.property(fc.string(), (value) => {
      const ok = /^[A-Za-z0-9_-]{1,128}$/.test(value);
      if (ok) assert.equal(requireId(value, 'sva', 'service account id'), value);
      else assert.throws(() => requireId(value, 'sva', 'service account id'), UsageError);
    }),
  );
  assert.throws(() => requireId('../sva_x', 'sva', 'service account id'), /invalid service account id/);
});
