import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { Prompt } from '@scaivault/core';
import { resolveModule } from '../src/default-module.js';
import { SecretInputs } from '../src/secret-inputs.js';

const noTerminal: Prompt = {
  interactive: false,
  confirm: async () => false,
  secret: async () => {
    throw new Error('no terminal');
  },
};

test('--module takes a path, or tpm / softhsm for the usual install; the default prefers the TPM', () => {
  const only =
    (...present: string[]) =>
    (path: string) =>
      present.includes(path);
  assert.equal(resolveModule('softhsm', {}, only('/usr/lib/softhsm/libsofthsm2.so')), '/usr/lib/softhsm/libsofthsm2.so');
  assert.equal(
    resolveModule(undefined, {}, only('/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/libtpm2_pkcs11.so.1')),
    '/usr/lib/x86_64-linux-gnu/libtpm2_pkcs11.so.1',
  );
  assert.equal(resolveModule(undefined, { SCAIVAULT_PKCS11_MODULE: '/opt/hsm.so' }, only('/opt/hsm.so')), '/opt/hsm.so');
  assert.throws(() => resolveModule('libsofthsm2.so', {}, only()), /absolute path/);
  assert.throws(() => resolveModule('/nope.so', {}, only()), /does not exist/);
  assert.throws(() => resolveModule('tpm', {}, only()), /not installed/);
  assert.throws(() => resolveModule(undefined, {}, only()), /no PKCS#11 module found/);
});

test('PINs given as - come from stdin one line each, in the order --sopin, --userpin, --passphrase', async () => {
  const warnings: string[] = [];
  const inputs = new SecretInputs(
    { sopin: '-', userpin: '-', passphrase: '-' },
    { stdin: Readable.from(['so-pin\nuser-pin\npass phrase\n']), env: {}, prompt: noTerminal, warn: (text) => warnings.push(text) },
  );
  // Asked for out of order: the lines still go to the flags in their fixed order.
  assert.equal(await inputs.require('userpin'), 'user-pin');
  assert.equal(await inputs.require('passphrase'), 'pass phrase');
  assert.equal(await inputs.require('sopin'), 'so-pin');
  assert.deepEqual(warnings, []);
});

test('a PIN on argv works with a one-line warning; the environment needs none; nothing at all is a usage error', async () => {
  const warnings: string[] = [];
  const sources = {
    stdin: Readable.from([]),
    env: { SCAIVAULT_TPM_SOPIN: 'from-env' },
    prompt: noTerminal,
    warn: (text: string) => warnings.push(text),
  };
  const inputs = new SecretInputs({ userpin: '1234' }, sources);
  assert.equal(await inputs.require('userpin'), '1234');
  assert.equal(await inputs.require('sopin'), 'from-env');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /--userpin on the command line is visible in the process list/);
  assert.doesNotMatch(warnings[0]!, /1234/);
  await assert.rejects(new SecretInputs({}, sources).require('passphrase'), /no backup passphrase given/);
  assert.equal(await new SecretInputs({}, sources).get('userpin', { optional: true }), undefined);
  await assert.rejects(
    new SecretInputs({ userpin: '-' }, { ...sources, stdin: Readable.from(['\n']) }).require('userpin'),
    /no user PIN on line 1/,
  );
});
