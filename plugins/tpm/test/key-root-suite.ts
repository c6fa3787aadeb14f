import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openBackup } from '../src/backup-blob.js';
import { baseEnv, scaivault, startDev, type Run } from './cli-runner.js';
import type { TokenHost } from './token-hosts.js';

const SO_PIN = '87654321';
const USER_PIN = '2468';
const PASSPHRASE = 'correct horse battery staple, on a TPM';
const SECRETS = { 'app/db/credentials': 'password=s3cret-db', 'app/api-key': 'key=abc-123' };

function json(run: Run): any {
  assert.equal(run.status, 0, `exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** One line on stderr, no stack trace. */
function oneLineError(run: Run, status: number, pattern: RegExp): void {
  assert.equal(run.status, status, `expected exit ${status}, got ${run.status}: ${run.stderr}`);
  assert.match(run.stderr, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'a stack trace');
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Every file's digest: what "nothing changed" is checked against. */
function snapshot(...dirs: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const dir of dirs)
    for (const path of files(dir)) result[`${dir}:${relative(dir, path)}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
  return result;
}

/**
 * The whole key-root story on one kind of token, with two hosts (two tokens): init, the server
 * across a restart, backup, the data dir moved to a host that lacks the key, restore there, the
 * refusals that must change nothing, and a scan that the plaintext master key is nowhere on disk.
 */
export function keyRootSuite(
  kind: string,
  mechanism: string,
  start: (name: string) => Promise<TokenHost>,
  /** What makes the default module this token's (the TPM's is found without help). */
  defaultModuleEnv: (host: TokenHost) => Record<string, string> = () => ({}),
): void {
  describe(`the key root on ${kind}`, () => {
    const work = mkdtempSync(join(tmpdir(), 'sv-tpm-work-'));
    const dirA = join(work, 'host-a-data');
    const dirB = join(work, 'host-b-data');
    const dirBOwn = join(work, 'host-b-own-data');
    const backupFile = join(work, 'backup.blob');
    let a: TokenHost;
    let b: TokenHost;
    const env = (host: TokenHost, extra: Record<string, string> = {}) => baseEnv({ ...host.env, ...extra });
    const withPin = (host: TokenHost) => env(host, { SCAIVAULT_TPM_USERPIN: USER_PIN });

    before(async () => {
      a = await start('a');
      b = await start('b');
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    async function writeSecrets(dataDir: string, host: TokenHost): Promise<void> {
      const server = await startDev(dataDir, withPin(host));
      try {
        for (const [path, pair] of Object.entries(SECRETS)) {
          const run = await scaivault(
            ['secrets', 'write', path, pair],
            baseEnv({ SCAIVAULT_URL: server.url, SCAIVAULT_TOKEN: server.token }),
          );
          assert.equal(run.status, 0, run.stderr);
        }
      } finally {
        await server.stop();
      }
    }

    async function readSecrets(
      dataDir: string,
      host: TokenHost,
      serverEnv = withPin(host),
      entry: 'dev' | 'server' = 'dev',
    ): Promise<void> {
      const server = await startDev(dataDir, serverEnv, entry);
      try {
        for (const [path, pair] of Object.entries(SECRETS)) {
          const [field, value] = pair.split('=') as [string, string];
          const run = await scaivault(
            ['secrets', 'read', path, '--field', field],
            baseEnv({ SCAIVAULT_URL: server.url, SCAIVAULT_TOKEN: server.token }),
          );
          assert.equal(run.status, 0, run.stderr);
          assert.equal(run.stdout, value);
        }
      } finally {
        await server.stop();
      }
    }

    test('init initialises the token, wraps a new master key there and keeps only the wrapped key, mode 0600', async () => {
      const made = json(
        await scaivault(
          ['tpm', 'init', '--module', a.module, '--data-dir', dirA, '--sopin', '-', '--userpin', '-', '--json'],
          env(a),
          `${SO_PIN}\n${USER_PIN}\n`,
        ),
      );
      assert.match(made.master_key_id, /^mk_[0-9a-f]{16}$/);
      assert.equal(made.token.initialised, true);
      assert.equal(made.wrapping_key.mechanism, mechanism);
      assert.deepEqual(readdirSync(dirA), ['key-root.json']);
      assert.equal(statSync(join(dirA, 'key-root.json')).mode & 0o777, 0o600);
      const status = json(await scaivault(['tpm', 'status', '--data-dir', dirA, '--json'], withPin(a)));
      assert.equal(status.healthy, true);
      assert.equal(status.unwraps, true);
      assert.equal(status.token.label, 'scaivault');
      assert.equal(status.wrapping_key.id, made.wrapping_key.id);
      assert.equal(status.data_dir, dirA);
    });

    test('secrets written through the server read back after a restart', async () => {
      await writeSecrets(dirA, a);
      await readSecrets(dirA, a);
    });

    test('the server entry point takes the PIN from an owner-only file', async () => {
      const pinFile = join(work, 'userpin');
      writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
      await readSecrets(dirA, a, env(a, { SCAIVAULT_TPM_USERPIN_FILE: pinFile }), 'server');
    });

    test('the server does not start without the PIN, and says where to give it', async () => {
      await assert.rejects(startDev(dirA, env(a)), (error: { status: number; stderr: string }) => {
        assert.equal(error.status, 5);
        assert.match(error.stderr, /SCAIVAULT_TPM_USERPIN/);
        return true;
      });
    });

    test('init refuses to replace the key root without --force, saying what would become unreadable', async () => {
      const before = snapshot(dirA);
      const run = await scaivault(['tpm', 'init', '--module', a.module, '--data-dir', dirA, '--userpin', '-'], env(a), `${USER_PIN}\n`);
      oneLineError(run, 5, /already has a key root[\s\S]*--force[\s\S]*unreadable/);
      assert.deepEqual(snapshot(dirA), before);
    });

    test('backup writes a 0600 file with clear metadata, and never overwrites one without --force', async () => {
      const root = JSON.parse(readFileSync(join(dirA, 'key-root.json'), 'utf8'));
      const made = json(
        await scaivault(
          ['tpm', 'backup', '--data-dir', dirA, '--output', backupFile, '--userpin', '-', '--passphrase', '-', '--json'],
          env(a),
          `${USER_PIN}\n${PASSPHRASE}\n`,
        ),
      );
      assert.equal(made.master_key_id, root.master_key_id);
      assert.equal(made.secret, 'passphrase');
      assert.equal(statSync(backupFile).mode & 0o777, 0o600);
      const [version, header] = readFileSync(backupFile, 'utf8').split('\n');
      assert.equal(version, 'scaivault-key-backup 1');
      assert.equal(JSON.parse(header!).master_key_id, root.master_key_id);
      assert.equal(JSON.parse(header!).created_at, root.created_at);
      const before = readFileSync(backupFile);
      const again = await scaivault(['tpm', 'backup', '--data-dir', dirA, '--output', backupFile], withPin(a));
      oneLineError(again, 5, /already exists/);
      assert.deepEqual(readFileSync(backupFile), before);
    });

    test('a wrong user PIN is refused with exit 5 and writes nothing', async () => {
      // The one wrong PIN this suite spends: on a TPM it counts toward the dictionary-attack lockout.
      const target = join(work, 'never.blob');
      const run = await scaivault(['tpm', 'backup', '--data-dir', dirA, '--output', target, '--userpin', '-'], env(a), '97531\n');
      oneLineError(run, 5, /user PIN is wrong/);
      assert.equal(existsSync(target), false);
      assert.doesNotMatch(run.stderr, /97531/);
    });

    test('the data directory copied to a host without the backup cannot be read', async () => {
      // Host B has a token and a key root of its own: the copied directory still names a key that is not there.
      json(
        await scaivault(
          ['tpm', 'init', '--module', b.module, '--data-dir', dirBOwn, '--sopin', '-', '--userpin', '-', '--json'],
          env(b),
          `${SO_PIN}\n${USER_PIN}\n`,
        ),
      );
      cpSync(dirA, dirB, { recursive: true });
      await assert.rejects(startDev(dirB, withPin(b)), (error: { status: number; stderr: string }) => {
        assert.equal(error.status, 5);
        assert.match(error.stderr, /not on token 'scaivault'[\s\S]*tpm restore/);
        return true;
      });
    });

    test('restore refuses a wrong passphrase, a truncated or altered blob and a backup of another key root: exit 5, nothing changed', async () => {
      const text = readFileSync(backupFile, 'utf8');
      const truncated = join(work, 'truncated.blob');
      writeFileSync(truncated, text.slice(0, text.length - 20));
      const altered = join(work, 'altered.blob');
      writeFileSync(altered, text.replace(/"backed_up_at":"[^"]+"/, '"backed_up_at":"2020-01-01T00:00:00.000Z"'));
      const flipped = join(work, 'flipped.blob');
      const lines = text.split('\n');
      const body = Buffer.from(lines[2]!, 'base64');
      body[3]! ^= 0x01;
      writeFileSync(flipped, `${lines[0]}\n${lines[1]}\n${body.toString('base64')}\n`);
      const otherBackup = join(work, 'other.blob');
      json(await scaivault(['tpm', 'backup', '--data-dir', dirBOwn, '--output', otherBackup, '--json'], withPin(b)));

      const before = snapshot(dirB, b.storeDir);
      const restore = (input: string, passphrase: string) =>
        scaivault(
          ['tpm', 'restore', '--module', b.module, '--data-dir', dirB, '--input', input, '--userpin', '-', '--passphrase', '-'],
          env(b),
          `${USER_PIN}\n${passphrase}\n`,
        );
      oneLineError(await restore(backupFile, 'not the passphrase'), 5, /passphrase is wrong, or the file was altered/);
      oneLineError(await restore(truncated, PASSPHRASE), 5, /truncated/);
      oneLineError(await restore(altered, PASSPHRASE), 5, /the file was altered/);
      oneLineError(await restore(flipped, PASSPHRASE), 5, /the file was altered/);
      oneLineError(await restore(otherBackup, PASSPHRASE), 5, /another key root/);
      assert.deepEqual(snapshot(dirB, b.storeDir), before);
    });

    test('restore on the new host re-wraps the key under its token, and the server there reads every secret', async () => {
      const restored = json(
        await scaivault(
          [
            'tpm',
            'restore',
            '--module',
            b.module,
            '--data-dir',
            dirB,
            '--input',
            backupFile,
            '--userpin',
            '-',
            '--passphrase',
            '-',
            '--json',
          ],
          env(b),
          `${USER_PIN}\n${PASSPHRASE}\n`,
        ),
      );
      const original = JSON.parse(readFileSync(join(dirA, 'key-root.json'), 'utf8'));
      assert.equal(restored.master_key_id, original.master_key_id);
      assert.notEqual(restored.wrapping_key.id, original.wrapping_key.id);
      await readSecrets(dirB, b);
    });

    test('a data directory with a file-held master key moves onto the token without losing a secret', async () => {
      const dirF = join(work, 'file-key-data');
      // Without key-root.json the server makes and uses master.key, as it always has.
      await writeSecrets(dirF, a);
      assert.ok(existsSync(join(dirF, 'master.key')));
      const moved = json(await scaivault(['tpm', 'init', '--module', a.module, '--data-dir', dirF, '--json'], withPin(a)));
      assert.equal(moved.moved_from_file, true);
      assert.equal(existsSync(join(dirF, 'master.key')), false);
      await readSecrets(dirF, a);
    });

    test('the four seed lines work as written, PINs on argv with a warning each time', async () => {
      const hostA = join(work, 'seed-a');
      const hostB = join(work, 'seed-b');
      mkdirSync(hostA);
      mkdirSync(hostB);
      const envA = env(a, defaultModuleEnv(a));
      const envB = env(b, defaultModuleEnv(b));
      const lines: Array<[string[], Record<string, string>, string]> = [
        [['tpm', 'init', '--sopin', SO_PIN, '--userpin', USER_PIN], envA, hostA],
        [['tpm', 'status'], envA, hostA],
        [['tpm', 'backup', '--output', 'backup.blob', '--userpin', USER_PIN], envA, hostA],
      ];
      for (const [args, lineEnv, cwd] of lines) {
        const run = await scaivault(args, lineEnv, '', cwd);
        assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
        if (args.includes('--userpin')) assert.match(run.stderr, /--userpin on the command line is visible in the process list/);
      }
      assert.ok(existsSync(join(hostA, 'vault-data', 'key-root.json')));
      cpSync(join(hostA, 'backup.blob'), join(hostB, 'backup.blob'));
      const restored = await scaivault(['tpm', 'restore', '--input', 'backup.blob', '--userpin', USER_PIN], envB, '', hostB);
      assert.equal(restored.status, 0, restored.stderr);
      const seedRoot = JSON.parse(readFileSync(join(hostA, 'vault-data', 'key-root.json'), 'utf8'));
      assert.equal(JSON.parse(readFileSync(join(hostB, 'vault-data', 'key-root.json'), 'utf8')).master_key_id, seedRoot.master_key_id);
    });

    test('the plaintext master key is nowhere on disk: not in the data directories, not in the token stores', async () => {
      const { masterKey } = await openBackup(readFileSync(backupFile, 'utf8'), PASSPHRASE);
      const forms = [
        masterKey,
        Buffer.from(masterKey.toString('hex')),
        Buffer.from(masterKey.toString('base64')),
        Buffer.from(masterKey.toString('base64url')),
      ];
      const scanned = [...files(work), ...files(a.storeDir), ...files(b.storeDir)];
      assert.ok(scanned.some((path) => path.endsWith('scaivault.db')));
      for (const path of scanned) {
        const bytes = readFileSync(path);
        for (const form of forms) assert.equal(bytes.includes(form), false, `${path} holds the master key`);
      }
    });
  });
}
