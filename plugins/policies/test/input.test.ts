import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkIdentityType, parseIdentityId } from '../src/input/identity.js';
import { PERMISSIONS, cidrProblem, parsePermissions, parseRulesDocument, pathPatternProblem } from '../src/input/rules.js';
import { parseTimestamp } from '../src/input/timestamp.js';

const segmentChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_.'.split(''));
const literalSegment = fc.string({ unit: segmentChar, minLength: 1, maxLength: 12 });
const globSegment = fc.oneof(
  literalSegment,
  fc.constant('*'),
  fc.constant('**'),
  literalSegment.map((s) => `${s}*`),
  literalSegment.map((s) => `?${s}`),
);
const validPattern = fc.array(globSegment, { minLength: 1, maxLength: 8 }).map((segments) => segments.join('/'));

test('every pattern built from the documented characters and whole-segment ** is accepted', () => {
  fc.assert(fc.property(validPattern, (pattern) => pathPatternProblem(pattern) === null));
});

test('a leading or trailing slash, an empty segment, ** inside a segment or an upper-case letter is refused', () => {
  fc.assert(
    fc.property(validPattern, fc.constantFrom('/{p}', '{p}/', '{p}//x', '{p}/a**', '{p}/X'), (pattern, shape) => {
      return pathPatternProblem(shape.replace('{p}', pattern)) !== null;
    }),
  );
  assert.match(pathPatternProblem('a'.repeat(513))!, /maximum is 512/);
});

test('permissions: any comma-separated choice of the six round-trips, duplicates once', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PERMISSIONS), { minLength: 1, maxLength: 10 }), (chosen) => {
      assert.deepEqual(parsePermissions(chosen.join(','), '--permissions'), [...new Set(chosen)]);
    }),
  );
  assert.deepEqual(parsePermissions(' read , list ', '--permissions'), ['read', 'list']);
});

test('permissions: a word outside the six is exit 5 naming it', () => {
  fc.assert(
    fc.property(
      fc
        .string({ minLength: 1, maxLength: 10 })
        .filter((word) => !word.includes(',') && !(PERMISSIONS as readonly string[]).includes(word.trim())),
      (word) => {
        assert.throws(
          () => parsePermissions(`read,${word}`, '--permissions'),
          (error: Error & { exitCode?: number }) => {
            return error.exitCode === 5 && error.message.includes(JSON.stringify(word.trim()));
          },
        );
      },
    ),
  );
});

test('a rules array and a whole body give the same rules; conditions pass through unchanged', () => {
  const rules = [
    {
      path_pattern: 'environments/production/**',
      permissions: ['read', 'list'],
      conditions: { ip_ranges: ['10.0.0.0/8', '2001:db8::/32'], require_mfa: true },
    },
    {
      path_pattern: 'shared/certificates/*',
      permissions: ['read', 'read'],
      conditions: { time_window: { start: '09:00', end: '17:00', days: ['mon', 'fri'] } },
    },
  ];
  const fromArray = parseRulesDocument(rules, 'rules.json');
  const fromBody = parseRulesDocument({ name: 'n', description: 'd', scope: 'tenant', rules }, 'rules.json');
  assert.deepEqual(fromArray.rules, fromBody.rules);
  assert.deepEqual(fromArray.rules[1]!.permissions, ['read']);
  assert.deepEqual(fromArray.rules[0]!.conditions, rules[0]!.conditions);
  assert.deepEqual(
    { name: fromBody.name, description: fromBody.description, scope: fromBody.scope },
    { name: 'n', description: 'd', scope: 'tenant' },
  );
  assert.equal(fromArray.name, undefined);
});

test('any value that is neither a rules array nor an object with rules is refused, never passed on', () => {
  fc.assert(
    fc.property(
      fc.jsonValue().filter((value) => !Array.isArray(value) && !(value !== null && typeof value === 'object' && 'rules' in value)),
      (value) => {
        assert.throws(() => parseRulesDocument(value, 'stdin'), /stdin must hold a JSON array of rules/);
      },
    ),
  );
});

test('CIDR ranges: addresses with a prefix in range pass, others do not', () => {
  fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, prefix) => cidrProblem(`${ip}/${prefix}`) === null));
  fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 33, max: 999 }), (ip, prefix) => cidrProblem(`${ip}/${prefix}`) !== null));
  assert.equal(cidrProblem('2001:db8::/128'), null);
  assert.equal(cidrProblem('10.0.0.1'), null);
  assert.notEqual(cidrProblem('10.0.0.0/8/1'), null);
  assert.notEqual(cidrProblem('10.0.0.0/'), null);
});

test('identity ids: the prefix names the type', () => {
  const name = fc.string({ unit: fc.constantFrom(...'abcxyz019@.-_'.split('')), minLength: 1, maxLength: 20 });
  const prefixes = [
    ['user:', 'user'],
    ['sa:', 'service_account'],
    ['group:', 'group'],
  ] as const;
  fc.assert(
    fc.property(fc.constantFrom(...prefixes), name, ([prefix, type], rest) => {
      assert.deepEqual(parseIdentityId(`${prefix}${rest}`, '--identity'), { identityId: `${prefix}${rest}`, identityType: type });
      assert.equal(checkIdentityType(undefined, type, `${prefix}${rest}`), type);
      assert.equal(checkIdentityType(type, type, `${prefix}${rest}`), type);
    }),
  );
});

test('identity ids without a known prefix, or with spaces, are refused', () => {
  for (const bad of ['alice', 'users:alice', 'group:', 'sa:ci bot', 'system:rotation-scheduler', ':x', '']) {
    assert.throws(() => parseIdentityId(bad, '--identity'), /--identity must be an identity id/, bad);
  }
  assert.throws(() => checkIdentityType('group', 'user', 'user:alice'), /does not match user:alice, which is a user id/);
});

test('timestamps: RFC 3339 with a zone only', () => {
  for (const good of ['2026-06-30T00:00:00Z', '2026-06-30T12:30:45.123+02:00', '2026-06-30t00:00:00z'])
    assert.equal(parseTimestamp(good, '--at'), good);
  for (const bad of ['2026-06-30', '2026-06-30T00:00:00', '2026-13-01T00:00:00Z', 'now', '1767225600']) {
    assert.throws(() => parseTimestamp(bad, '--at'), /--at must be an RFC 3339 timestamp/, bad);
  }
});
