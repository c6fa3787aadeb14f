import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { baseEnv, scaivault } from './cli-runner.js';
import { keyRootSuite } from './key-root-suite.js';
import { startSwtpm, type TokenHost } from './token-hosts.js';

// swtpm + tpm2-abrmd + tpm2-pkcs11: the TPM path, RSA-OAEP (SHA-256) since the TPM offers no AES-GCM.
keyRootSuite('swtpm with tpm2-pkcs11', 'rsa-oaep-sha256', startSwtpm);

describe('a TPM in dictionary-attack lockout', () => {
  let host: TokenHost;
  const work = mkdtempSync(join(tmpdir(), 'sv-tpm-lockout-'));
  const dir = join(work, 'data');
  const tpm2 = (args: string[]) =>
    spawnSync(args[0]!, ['-T', host.env.TPM2_PKCS11_TCTI!, ...args.slice(1)], { env: { ...process.env, ...host.env }, encoding: 'utf8' });
  before(async () => {
    host = await startSwtpm('lockout');
  });
  after(async () => {
    // Cleared before the clean shutdown, so this TPM state ends as it began.
    if (host) tpm2(['tpm2_dictionarylockout', '--clear-lockout']);
    await host?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a locked PIN is exit 3 naming how to recover, and status is unhealthy', async () => {
    const env = (pin?: string) => baseEnv({ ...host.env, ...(pin === undefined ? {} : { SCAIVAULT_TPM_USERPIN: pin }) });
    const made = await scaivault(
      ['tpm', 'init', '--module', host.module, '--data-dir', dir, '--sopin', '-', '--userpin', '-'],
      env(),
      '87654321\n2468\n',
    );
    assert.equal(made.status, 0, made.stderr);
    // One wrong authorisation locks this TPM out.
    const setup = tpm2([
      'tpm2_dictionarylockout',
      '--setup-parameters',
      '--max-tries=1',
      '--recovery-time=600',
      '--lockout-recovery-time=600',
    ]);
    assert.equal(setup.status, 0, setup.stderr);
    const wrong = await scaivault(['tpm', 'backup', '--data-dir', dir, '--output', join(work, 'a.blob')], env('1111'));
    assert.equal(wrong.status, 5, wrong.stderr);
    const locked = await scaivault(['tpm', 'backup', '--data-dir', dir, '--output', join(work, 'b.blob')], env('2468'));
    assert.equal(locked.status, 3, locked.stderr);
    assert.match(locked.stderr, /locked the user PIN.*tpm2_dictionarylockout/);
    const status = await scaivault(['tpm', 'status', '--data-dir', dir, '--json'], env('2468'));
    assert.equal(status.status, 1);
    assert.match(JSON.parse(status.stdout).problem, /locked/);
  });
});
