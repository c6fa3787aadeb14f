import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { baseEnv, scaivault, type Run } from './cli-runner.js';
import { startSoftHsm, type TokenHost } from './token-hosts.js';

function refused(run: Run, status: number, pattern: RegExp): void {
  assert.equal(run.status, status, `expected exit ${status}, got ${run.status}: ${run.stderr}`);
  assert.match(run.stderr, pattern);
  assert.equal(run.stderr.trim().split('\n').length, 1, `more than one line: ${run.stderr}`);
}

describe('tpm commands refuse bad input in one line with the right exit code', () => {
  let host: TokenHost;
  const work = mkdtempSync(join(tmpdir(), 'sv-tpm-bad-'));
  const dir = join(work, 'data');
  before(async () => {
    host = await startSoftHsm('bad-input');
  });
  after(async () => {
    await host?.stop();
    rmSync(work, { recursive: true, force: true });
  });
  const env = (extra: Record<string, string> = {}) => baseEnv({ ...host.env, ...extra });

  test('a module path that is wrong', async () => {
    refused(
      await scaivault(['tpm', 'init', '--module', '/nowhere/libpkcs11.so', '--data-dir', dir], env()),
      5,
      /module \/nowhere\/libpkcs11.so does not exist/,
    );
    refused(await scaivault(['tpm', 'init', '--module', 'libsofthsm2.so', '--data-dir', dir], env()), 5, /absolute path/);
    const notModule = join(work, 'not-a-module.so');
    writeFileSync(notModule, 'not an ELF file');
    refused(
      await scaivault(
        ['tpm', 'init', '--module', notModule, '--data-dir', dir, '--userpin', '-', '--sopin', '-'],
        env(),
        '12345678\n1234\n',
      ),
      5,
      /is not a PKCS#11 module that can be loaded/,
    );
  });

  test('a token label PKCS#11 cannot hold', async () => {
    refused(
      await scaivault(['tpm', 'init', '--module', host.module, '--token-label', 'x'.repeat(33), '--data-dir', dir], env()),
      5,
      /token label must be 1 to 32/,
    );
  });

  test('no PIN and no terminal to ask on names the three ways to give it', async () => {
    refused(
      await scaivault(['tpm', 'init', '--module', host.module, '--data-dir', dir], env()),
      5,
      /no user PIN given.*--userpin -.*SCAIVAULT_TPM_USERPIN/,
    );
  });

  test('an SO PIN the token refuses, before anything is written', async () => {
    refused(
      await scaivault(['tpm', 'init', '--module', host.module, '--data-dir', dir, '--sopin', '-', '--userpin', '-'], env(), '1\n1234\n'),
      5,
      /SO PIN must be 4 to 255 characters/,
    );
  });

  test('a token that is not there: status is unhealthy (exit 1) and says why', async () => {
    const run = await scaivault(['tpm', 'status', '--module', host.module, '--data-dir', dir, '--json'], env());
    assert.equal(run.status, 1, run.stderr);
    const status = JSON.parse(run.stdout);
    assert.equal(status.healthy, false);
    assert.equal(status.token.found, false);
    assert.match(status.problem, /no token named 'scaivault'/);
  });

  test('backup without a key root, restore of a missing or foreign file', async () => {
    refused(
      await scaivault(['tpm', 'backup', '--data-dir', dir, '--output', join(work, 'b.blob')], env({ SCAIVAULT_TPM_USERPIN: '1234' })),
      4,
      /has no key root/,
    );
    refused(
      await scaivault(['tpm', 'restore', '--data-dir', dir, '--input', join(work, 'missing.blob')], env({ SCAIVAULT_TPM_USERPIN: '1234' })),
      4,
      /does not exist/,
    );
    const foreign = join(work, 'foreign.blob');
    writeFileSync(foreign, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    refused(
      await scaivault(['tpm', 'restore', '--data-dir', dir, '--input', foreign], env({ SCAIVAULT_TPM_USERPIN: '1234' })),
      5,
      /not a scaivault key backup/,
    );
  });

  test('a PIN on the command line works, with one warning that it is visible', async () => {
    const made = await scaivault(
      ['tpm', 'init', '--module', host.module, '--data-dir', dir, '--sopin', '12345678', '--userpin', '1234', '--json'],
      env(),
    );
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stderr, /--sopin on the command line is visible in the process list/);
    assert.match(made.stderr, /--userpin on the command line is visible in the process list/);
    assert.doesNotMatch(made.stderr, /12345678|1234\b/);
    const status = await scaivault(['tpm', 'status', '--data-dir', dir, '--userpin', '1234'], env());
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stderr, /^warning: --userpin on the command line is visible in the process list.*\n$/);
  });

  test('a wrong user PIN is exit 5 and says what the token reports', async () => {
    const run = await scaivault(['tpm', 'status', '--data-dir', dir, '--json'], env({ SCAIVAULT_TPM_USERPIN: '9999' }));
    assert.equal(run.status, 1);
    assert.match(JSON.parse(run.stdout).problem, /user PIN is wrong/);
    refused(
      await scaivault(['tpm', 'backup', '--data-dir', dir, '--output', join(work, 'w.blob')], env({ SCAIVAULT_TPM_USERPIN: '9999' })),
      5,
      /user PIN is wrong/,
    );
  });
});
