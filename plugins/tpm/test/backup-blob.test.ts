import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { BackupError, openBackup, readBackupHeader, sealBackup } from '../src/backup-blob.js';

const meta = {
  masterKeyId: 'mk_0123456789abcdef',
  createdAt: '2026-01-01T00:00:00.000Z',
  backedUpAt: '2026-02-01T00:00:00.000Z',
  secretKind: 'passphrase' as const,
};

test('a backup opens with its secret only, and its header says which key it holds in clear', async () => {
  const key = randomBytes(32);
  const text = await sealBackup(key, meta, 'a long passphrase');
  const { header } = readBackupHeader(text);
  assert.equal(header.master_key_id, meta.masterKeyId);
  assert.equal(header.secret, 'passphrase');
  assert.deepEqual(header.scrypt, { N: 2 ** 17, r: 8, p: 1 });
  assert.ok(!text.includes(key.toString('base64')) && !text.includes(key.toString('hex')));
  assert.deepEqual((await openBackup(text, 'a long passphrase')).masterKey, key);
  await assert.rejects(openBackup(text, 'a long passphrasf'), BackupError);
});

test('a header that asks for absurd scrypt memory, or weakens it, is refused before any derivation', async () => {
  const text = await sealBackup(randomBytes(32), meta, 'p');
  for (const params of ['{"N":2097152,"r":8,"p":1}', '{"N":1024,"r":8,"p":1}', '{"N":131071,"r":8,"p":1}', '{"N":131072,"r":64,"p":1}'])
    assert.throws(() => readBackupHeader(text.replace('{"N":131072,"r":8,"p":1}', params)), /scrypt parameters/);
});

test('another version, another file, a missing line: each named', async () => {
  const text = await sealBackup(randomBytes(32), meta, 'p');
  assert.throws(() => readBackupHeader(text.replace('scaivault-key-backup 1', 'scaivault-key-backup 2')), /version 2/);
  assert.throws(() => readBackupHeader('-----BEGIN CERTIFICATE-----\n'), /not a scaivault key backup/);
  assert.throws(() => readBackupHeader(text.split('\n').slice(0, 2).join('\n')), /truncated/);
});
