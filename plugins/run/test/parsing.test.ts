import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exitCodeOf } from '@scaivault/core/testing';
import { parseEnvFile } from '../src/env-file.js';
import { parseEnvFlag, variableNameFor } from '../src/references.js';

describe('references', () => {
  test('path#field and dynamic:<engine>/<role>#field', () => {
    assert.deepEqual(parseEnvFlag('DB_PASS=app/db#password'), {
      name: 'DB_PASS',
      reference: { kind: 'secret', path: 'app/db', field: 'password' },
    });
    assert.deepEqual(parseEnvFlag('DB_URL=dynamic:postgres-prod/readonly#connection_url'), {
      name: 'DB_URL',
      reference: { kind: 'dynamic', engine: 'postgres-prod', role: 'readonly', field: 'connection_url' },
    });
  });

  for (const bad of [
    'DB',
    '=app/db#x',
    '1X=app/db#x',
    'X=app/db',
    'X=app/db#',
    'X=/app/db#x',
    'X=app//db#x',
    'X=dynamic:pg#x',
    'X=dynamic:pg/r/o#x',
  ])
    test(`${bad} is exit 5`, () =>
      assert.equal(
        exitCodeOf(() => parseEnvFlag(bad)),
        5,
      ));

  test('--from fields become upper-cased variable names', () => {
    assert.deepEqual(
      ['db-password', 'log.level', 'port', '2fa'].map((field) => variableNameFor(field, '')),
      ['DB_PASSWORD', 'LOG_LEVEL', 'PORT', '_2FA'],
    );
    assert.equal(variableNameFor('port', 'APP_'), 'APP_PORT');
  });
});

describe('env files', () => {
  test('references, comments, blank lines, export and quotes', () => {
    const text = [
      '# where the values come from',
      '',
      'DB_PASSWORD=scaivault://app/db#password',
      'export DB_USER="scaivault://app/db#username"',
      "DB_URL='scaivault://dynamic:postgres-prod/readonly#connection_url'  # a lease",
      '  API_KEY = scaivault://integrations/stripe#api_key',
      '',
    ].join('\r\n');
    assert.deepEqual(
      parseEnvFile(text, '.env.refs').map((binding) => [binding.name, binding.reference]),
      [
        ['DB_PASSWORD', { kind: 'secret', path: 'app/db', field: 'password' }],
        ['DB_USER', { kind: 'secret', path: 'app/db', field: 'username' }],
        ['DB_URL', { kind: 'dynamic', engine: 'postgres-prod', role: 'readonly', field: 'connection_url' }],
        ['API_KEY', { kind: 'secret', path: 'integrations/stripe', field: 'api_key' }],
      ],
    );
  });

  const broken: Array<[string, RegExp]> = [
    ['DB_PASSWORD=s3cret', /^\.env\.refs:1: the value of DB_PASSWORD is not a scaivault:\/\/ reference/],
    ['# ok\nnot a line', /^\.env\.refs:2: expected NAME=scaivault:\/\/path#field/],
    ['BAD-NAME=scaivault://app/db#x', /^\.env\.refs:1: "BAD-NAME" is not an environment variable name/],
    ['X="scaivault://app/db#x', /^\.env\.refs:1: unterminated double quote/],
    ['X=scaivault://app/db', /^\.env\.refs:1: "app\/db" names no field/],
  ];
  for (const [text, says] of broken)
    test(`${JSON.stringify(text)} is exit 5 naming the line`, () => {
      assert.throws(
        () => parseEnvFile(text, '.env.refs'),
        (error: Error & { exitCode?: number }) => {
          assert.equal(error.exitCode, 5);
          assert.match(error.message, says);
          assert.doesNotMatch(error.message, /s3cret/, 'a value pasted into the file is not repeated in the error');
          return true;
        },
      );
    });
});
