import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeSecretPath, validateSecretPath } from '../src/index.js';

test('valid paths pass', () => {
  for (const path of [
    'app',
    'app/db/credentials',
    'environments/production/salesforce/api-credentials',
    'a_b/c-d/0-9',
    'a/b/c/d/e/f/g/h/i/j',
  ]) {
    assert.equal(validateSecretPath(path), null, path);
  }
  assert.equal(validateSecretPath('x'.repeat(512)), null);
});

test('each documented rule has its own message', () => {
  assert.equal(validateSecretPath(''), 'secret path is empty');
  assert.equal(validateSecretPath('/app/db'), "secret path must not start with '/'");
  assert.equal(validateSecretPath('app/db/'), "secret path must not end with '/'");
  assert.equal(validateSecretPath('app//db'), "secret path has an empty segment ('//')");
  assert.equal(validateSecretPath('a/b/c/d/e/f/g/h/i/j/k'), 'secret path has 11 segments; the maximum is 10');
  assert.equal(validateSecretPath('x'.repeat(513)), 'secret path is 513 characters long; the maximum is 512');
  assert.equal(validateSecretPath('App/db'), 'secret path contains "A"; allowed characters are a-z 0-9 - _ /');
  assert.equal(validateSecretPath('app/d b'), 'secret path contains " "; allowed characters are a-z 0-9 - _ /');
  assert.equal(validateSecretPath('app/db.json'), 'secret path contains "."; allowed characters are a-z 0-9 - _ /');
});

test('names the API reserves for its own routes are refused', () => {
  assert.match(validateSecretPath('app/db/versions') ?? '', /may not end in 'versions'/);
  assert.match(validateSecretPath('metadata') ?? '', /may not end in 'metadata'/);
  assert.match(validateSecretPath('expiring') ?? '', /reserved/);
  assert.match(validateSecretPath('batch') ?? '', /reserved/);
  assert.equal(validateSecretPath('batch/jobs'), null);
});

test('encoding escapes inside segments and keeps the separators', () => {
  assert.equal(encodeSecretPath('app/db/credentials'), 'app/db/credentials');
  assert.equal(encodeSecretPath('a b/100%/q?/h#/x+y'), 'a%20b/100%25/q%3F/h%23/x%2By');
});
