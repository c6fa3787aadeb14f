import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireSecretPath } from '../src/parsing/secret-path.js';

test('a valid secret path is returned as it is', () => {
  assert.equal(requireSecretPath('environments/production/db'), 'environments/production/db');
});

test('a bad path is exit 5 naming the path, the rule and the flag it came from', () => {
  assert.throws(
    () => requireSecretPath('App/DB'),
    (error: Error & { exitCode?: number }) => {
      assert.equal(error.exitCode, 5);
      assert.match(error.message, /^invalid secret path "App\/DB": .*allowed characters/);
      return true;
    },
  );
  assert.throws(() => requireSecretPath('a//b', '--store-in'), {
    message: /^invalid secret path for --store-in "a\/\/b": .*empty segment/,
  });
});
