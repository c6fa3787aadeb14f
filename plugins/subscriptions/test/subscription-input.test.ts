import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '@scaivault/core';
import { EVENT_TYPES } from '../src/input/event-types.js';
import {
  globProblem,
  parseEventTypes,
  parsePathGlobs,
  parsePollTimeout,
  parseWebhookUrl,
  requireEventId,
} from '../src/input/subscription-input.js';

const word = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
const segment = fc.oneof(
  word,
  fc.constant('*'),
  fc.constant('**'),
  word.map((w) => `${w}-*`),
  word.map((w) => `${w}?`),
);
const glob = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/'));
const eventType = fc.oneof(
  fc.constant('*'),
  fc.constantFrom(...EVENT_TYPES),
  fc.constantFrom(...EVENT_TYPES).map((type) => `${type.slice(0, type.lastIndexOf('.'))}.*`),
);

test('well-formed globs and event types survive a round trip through their comma lists', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(glob, { minLength: 1, maxLength: 5 }),
      fc.uniqueArray(eventType, { minLength: 1, maxLength: 5 }),
      (globs, types) => {
        assert.deepEqual(parsePathGlobs(globs.join(',')), globs);
        assert.deepEqual(parseEventTypes(types.join(', ')), types);
      },
    ),
  );
});

test('a well-formed event type outside the catalogue is refused with the list of valid ones', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z_]{1,10}(\.[a-z_]{1,10}){0,2}$/), (type) => {
      fc.pre(!(EVENT_TYPES as readonly string[]).includes(type));
      const error = (() => {
        try {
          parseEventTypes(type);
        } catch (caught) {
          return caught as UsageError;
        }
        return undefined;
      })();
      assert.ok(error instanceof UsageError, type);
      assert.equal(error.message, `unknown event type ${JSON.stringify(type)} in --events`);
      assert.match(error.hint ?? '', /secret\.created, secret\.updated, .*certificate\.expiring, a family such as secret\.\*, or \*/);
    }),
  );
  for (const family of ['nosuch.*', 'secret.rotated.*', 'certificates.*'])
    assert.throws(() => parseEventTypes(family), { message: `unknown event type "${family}" in --events` });
});

test('a glob breaking the server rules is named with the reason', () => {
  fc.assert(
    fc.property(glob, (valid) => {
      assert.equal(globProblem(valid), null);
      assert.equal(globProblem(`/${valid}`), 'leading or trailing slash');
      assert.equal(globProblem(`${valid}/`), 'leading or trailing slash');
      assert.equal(globProblem(`${valid}//x`), 'empty segment');
      assert.equal(globProblem(`${valid}/a**`), "'**' must be a whole segment");
      assert.equal(globProblem(`${valid}/A`), 'only a-z, 0-9, -, _, ., *, ? and / are allowed');
      assert.throws(() => parsePathGlobs(`${valid},${valid}`), UsageError);
    }),
  );
});

test('poll timeouts are durations like every --timeout, from 0 to 60 seconds', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 60 }), (seconds) => {
      assert.equal(parsePollTimeout(`${seconds}s`), seconds);
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 61, max: 9999 }), (seconds) => assert.throws(() => parsePollTimeout(`${seconds}s`), /at most 60/)),
  );
  assert.equal(parsePollTimeout('1m'), 60);
  assert.equal(parsePollTimeout('0m45s'), 45);
  for (const bad of ['30', '0', '2m', '30x', '-1', '', '1.5', '1h', 's', '1500ms'])
    assert.throws(() => parsePollTimeout(bad), UsageError, bad);
});

test('webhook URLs must be absolute http(s)', () => {
  assert.equal(parseWebhookUrl('https://hooks.example/xxx'), 'https://hooks.example/xxx');
  assert.equal(parseWebhookUrl('http://127.0.0.1:9000/hook'), 'http://127.0.0.1:9000/hook');
  for (const bad of ['hooks.example/xxx', 'ftp://hooks.example', 'mailto:a@b.example', ''])
    assert.throws(() => parseWebhookUrl(bad), UsageError, bad);
});

test('event ids look like evt_ followed by letters and digits', () => {
  assert.equal(requireEventId('evt_01HK7X9ZA0000000000000000', '--since'), 'evt_01HK7X9ZA0000000000000000');
  fc.assert(
    fc.property(fc.string(), (value) => {
      if (!/^evt_[A-Za-z0-9]{1,64}$/.test(value)) assert.throws(() => requireEventId(value, '--since'), UsageError);
    }),
  );
});
