import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileMasterKeySource } from '../src/crypto/master-key.js';
import { dataDirKeySource } from '../src/crypto/key-root/data-dir-key-source.js';
import { parseKeyRoot } from '../src/crypto/key-root/key-root-file.js';
import { tokenPinFromEnvironment } from '../src/crypto/key-root/token-pin.js';
import { startServer } from '../src/start-server.js';

const work = mkdtempSync(join(tmpdir(), 'sv-key-root-'));
after(() => rmSync(work, { recursive: true, force: true }));

const ROOT = {
  format: 'scaivault-key-root',
  version: 1,
  master_key_id: 'mk_0123456789abcdef',
  created_at: '2026-01-01T00:00:00.000Z',
  token: { module: '/usr/lib/softhsm/libsofthsm2.so', label: 'scaivault', serial: '1', model: 'SoftHSM v2' },
  wrapping_key: { id: '00ff', label: 'scaivault-wrap-00ff', mechanism: 'aes-256-gcm' },
  wrapped_master_key: { nonce: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
};

test('a data directory without key-root.json keeps its file master key', async () => {
  const dir = join(work, 'plain');
  assert.ok((await dataDirKeySource(dir)) instanceof FileMasterKeySource);
});

test('master.key beside key-root.json is an unfinished move onto the token: refused, naming the fix', async () => {
  const dir = mkdtempSync(join(work, 'both-'));
  writeFileSync(join(dir, 'key-root.json'), JSON.stringify(ROOT), { mode: 0o600 });
  writeFileSync(join(dir, 'master.key'), Buffer.alloc(32, 1), { mode: 0o600 });
  await assert.rejects(dataDirKeySource(dir), { code: 'EMASTERKEY', message: /both master.key and key-root.json.*tpm init --data-dir/ });
  await assert.rejects(startServer({ port: 0, dataDir: dir }), { code: 'EMASTERKEY' });
});

test('a key root the server cannot use says which field is wrong', () => {
  assert.throws(() => parseKeyRoot('{', 'k.json'), /not JSON/);
  assert.throws(() => parseKeyRoot(JSON.stringify({ ...ROOT, version: 2 }), 'k.json'), /version 2/);
  assert.throws(
    () => parseKeyRoot(JSON.stringify({ ...ROOT, wrapping_key: { ...ROOT.wrapping_key, mechanism: 'des' } }), 'k.json'),
    /mechanism/,
  );
  assert.throws(() => parseKeyRoot(JSON.stringify({ ...ROOT, wrapped_master_key: { ciphertext: 'AAAA' } }), 'k.json'), /nonce/);
  assert.equal(parseKeyRoot(JSON.stringify(ROOT), 'k.json').master_key_id, ROOT.master_key_id);
});

test('a token-held key with no PIN given fails the start in one sentence that says where the PIN goes', async () => {
  const dir = mkdtempSync(join(work, 'no-pin-'));
  writeFileSync(join(dir, 'key-root.json'), JSON.stringify(ROOT), { mode: 0o600 });
  await assert.rejects(startServer({ port: 0, dataDir: dir, keyRootPin: tokenPinFromEnvironment({}) }), {
    code: 'EMASTERKEY',
    message: /SCAIVAULT_TPM_USERPIN or in a file named by SCAIVAULT_TPM_USERPIN_FILE/,
  });
});

test('the server reads the PIN from SCAIVAULT_TPM_USERPIN or an owner-only file, never both', async () => {
  assert.equal(await tokenPinFromEnvironment({ SCAIVAULT_TPM_USERPIN: '2468' })(), '2468');
  const file = join(work, 'pin');
  writeFileSync(file, '1357\n', { mode: 0o600 });
  assert.equal(await tokenPinFromEnvironment({ SCAIVAULT_TPM_USERPIN_FILE: file })(), '1357');
  await assert.rejects(tokenPinFromEnvironment({ SCAIVAULT_TPM_USERPIN: '1', SCAIVAULT_TPM_USERPIN_FILE: file })(), /not both/);
  chmodSync(file, 0o644);
  await assert.rejects(tokenPinFromEnvironment({ SCAIVAULT_TPM_USERPIN_FILE: file })(), /readable by other users/);
  await assert.rejects(tokenPinFromEnvironment({ SCAIVAULT_TPM_USERPIN_FILE: join(work, 'absent') })(), /cannot be read \(ENOENT\)/);
});
