import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from './helpers.js';
import { EnvironmentMasterKeySource, KeyFileMasterKeySource } from '../src/index.js';

const home = mkdtempSync(join(tmpdir(), 'sv-shared-key-'));
after(() => rmSync(home, { recursive: true, force: true }));
const bin = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin.js');

function keyFile(name: string, bytes: Buffer, mode = 0o600): string {
  const path = join(home, name);
  writeFileSync(path, bytes);
  chmodSync(path, mode);
  return path;
}

test('a data directory sealed under a shared key file opens again with that file, and makes no master.key of its own', async () => {
  const key = keyFile('shared.key', randomBytes(32));
  const dataDir = join(home, 'data');
  const first = await startTestServer({ dataDir, masterKeySource: new KeyFileMasterKeySource(key) });
  await first.api('PUT', '/v1/secrets/shared/key', { data: { v: 'sealed-under-the-shared-key' } });
  await first.close();
  assert.equal(existsSync(join(dataDir, 'master.key')), false);
  const second = await startTestServer({ dataDir, masterKeySource: new KeyFileMasterKeySource(key) });
  assert.deepEqual((await second.api('GET', '/v1/secrets/shared/key')).body.data, { v: 'sealed-under-the-shared-key' });
  await second.close();
  await assert.rejects(startTestServer({ dataDir, masterKeySource: new KeyFileMasterKeySource(keyFile('other.key', randomBytes(32))) }), {
    message: /the master key does not match this data directory/,
  });
});

test('the same key from the environment (base64) opens what the key file sealed', async () => {
  const bytes = randomBytes(32);
  const dataDir = join(home, 'data-env');
  const first = await startTestServer({ dataDir, masterKeySource: new KeyFileMasterKeySource(keyFile('env.key', bytes)) });
  await first.api('PUT', '/v1/secrets/shared/env', { data: { v: 'one key, two sources' } });
  await first.close();
  const second = await startTestServer({ dataDir, masterKeySource: new EnvironmentMasterKeySource(bytes.toString('base64')) });
  assert.deepEqual((await second.api('GET', '/v1/secrets/shared/env')).body.data, { v: 'one key, two sources' });
  await second.close();
});

test('a key file that is missing, readable by others or the wrong size, and a malformed environment key, are one-line errors (exit 5) that never show the key', () => {
  const cases: [string[], Record<string, string>, string][] = [
    [
      ['--master-key-file', join(home, 'absent.key')],
      {},
      `scaivault-server: the master key file ${join(home, 'absent.key')} does not exist\n`,
    ],
    [
      ['--master-key-file', keyFile('open.key', randomBytes(32), 0o644)],
      {},
      `scaivault-server: the master key file ${join(home, 'open.key')} is readable by other users (mode 644); chmod 600 it\n`,
    ],
    [
      ['--master-key-file', keyFile('short.key', randomBytes(16))],
      {},
      `scaivault-server: the master key file ${join(home, 'short.key')} must hold exactly 32 bytes (it holds 16)\n`,
    ],
    [
      [],
      { SCAIVAULT_MASTER_KEY: 'not-a-key-c2VjcmV0' },
      'scaivault-server: SCAIVAULT_MASTER_KEY must be 32 bytes in base64 (e.g. from: head -c 32 /dev/urandom | base64)\n',
    ],
    [
      ['--master-key-file', keyFile('both.key', randomBytes(32))],
      { SCAIVAULT_MASTER_KEY: randomBytes(32).toString('base64') },
      'give the master key once: --master-key-file or SCAIVAULT_MASTER_KEY, not both\n',
    ],
  ];
  for (const [args, env, stderr] of cases) {
    const result = spawnSync(process.execPath, [bin, '--port', '0', ...args], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, ...env },
    });
    assert.equal(result.status, 5, stderr);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, stderr);
    if (env.SCAIVAULT_MASTER_KEY) assert.ok(!result.stderr.includes(env.SCAIVAULT_MASTER_KEY));
  }
});
