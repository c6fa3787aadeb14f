// End to end: the real CLI binary runs real programs against the real local server (and, for
// dynamic leases, a real PostgreSQL): values reach the program, exit codes and signals come
// back, --watch restarts once per change with the new value, and leases end however the program does.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ScaiVaultClient } from '@scaivault/core/sdk';

// plugins/run/dist/test → the repository root is four levels up.
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const SERVER_BIN = join(repo, 'server', 'dist', 'src', 'bin.js');
const CLI_BIN = join(repo, 'cli', 'bin', 'scaivault.js');
const ROOT_TOKEN = 'skt_e2e_run_root_token';

const scratch = mkdtempSync(join(tmpdir(), 'sv-run-e2e-'));
const processes = new Set<ChildProcess>();
let url = '';
let client: ScaiVaultClient;

interface Launched {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(file: string, args: string[], env: Record<string, string> = {}): Launched {
  const child = spawn(process.execPath, [file, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  processes.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => stdout.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      processes.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, stdout, stderr, exited };
}

/** `scaivault run ARGS` against the test server, with its own home. */
function scaivaultRun(args: string[]): Launched {
  return launch(CLI_BIN, ['run', ...args], {
    SCAIVAULT_URL: url,
    SCAIVAULT_TOKEN: ROOT_TOKEN,
    SCAIVAULT_HOME: join(scratch, 'home'),
    NO_COLOR: '1',
  });
}

/** A program that prints `start <value>`, optionally exits, or waits and prints `got <signal>` before exiting 0 on SIGTERM. */
function program(script: string): string[] {
  return ['--', process.execPath, '-e', script];
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000, shown?: Launched): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${shown ? `; stdout: ${shown.stdout.join(' | ')}; stderr: ${shown.stderr.join(' | ')}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether `pid` runs: gone, or a zombie nobody has reaped yet (a container's init may never reap), is not. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Long enough for a second restart or a late event to show up, were there one. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500));

before(async () => {
  const server = launch(SERVER_BIN, ['--port', '0', '--root-token', ROOT_TOKEN]);
  await waitFor('the server to listen', () => server.stdout.some((line) => line.startsWith('export SCAIVAULT_URL=')));
  url = server.stdout.find((line) => line.startsWith('export SCAIVAULT_URL='))!.slice('export SCAIVAULT_URL='.length);
  client = new ScaiVaultClient({ baseUrl: url, token: ROOT_TOKEN });
});

after(async () => {
  await client?.close();
  for (const child of processes) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

describe('values, exit codes and signals', () => {
  test('the program gets the parent environment plus the secret, and run exits with its code', async () => {
    await client.secrets.write('e2e/db', { password: 'example-initial' });
    const run = launch(
      CLI_BIN,
      [
        'run',
        '--env',
        'DB_PASSWORD=e2e/db#password',
        ...program('console.log(process.env.DB_PASSWORD, process.env.KEPT); process.exit(42)'),
      ],
      { SCAIVAULT_URL: url, SCAIVAULT_TOKEN: ROOT_TOKEN, SCAIVAULT_HOME: join(scratch, 'home'), KEPT: 'from-parent' },
    );
    assert.deepEqual(await run.exited, { code: 42, signal: null });
    assert.deepEqual(run.stdout, ['example-initial from-parent']);
    assert.deepEqual(run.stderr, []);
  });

  test('a program killed by a signal makes run exit 128+N', async () => {
    await client.secrets.write('e2e/db', { password: 'example-initial' });
    const run = scaivaultRun(['--env', 'P=e2e/db#password', ...program("process.kill(process.pid, 'SIGKILL')")]);
    assert.deepEqual(await run.exited, { code: 137, signal: null });
  });

  test('SIGTERM sent to run reaches the program’s whole process group; run exits 128+15 when it dies of it', async () => {
    await client.secrets.write('e2e/db', { password: 'example-initial' });
    const run = scaivaultRun([
      '--env',
      'P=e2e/db#password',
      '--',
      '/bin/sh',
      '-c',
      // A grandchild in the same group; the shell waits for it, so both must get the signal.
      'sleep 60 & echo "grandchild $!"; wait',
    ]);
    await waitFor('the grandchild', () => run.stdout.some((line) => line.startsWith('grandchild ')));
    const grandchild = Number(run.stdout.find((line) => line.startsWith('grandchild '))!.split(' ')[1]);
    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, { code: 143, signal: null });
    await waitFor('the grandchild to end: it got the signal too', () => !alive(grandchild));
  });

  test('a program that handles the forwarded SIGINT decides the exit code', async () => {
    await client.secrets.write('e2e/db', { password: 'example-initial' });
    const run = scaivaultRun([
      '--env',
      'P=e2e/db#password',
      ...program(
        "process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(0); }); console.log('ready'); setInterval(() => {}, 1000)",
      ),
    ]);
    await waitFor('the program', () => run.stdout.includes('ready'));
    run.child.kill('SIGINT');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    assert.deepEqual(run.stdout, ['ready', 'got SIGINT']);
  });

  test(
    'with a terminal on stdin the program stays in its process group and can open the terminal (/dev/tty)',
    { timeout: 20_000 },
    async () => {
      await client.secrets.write('e2e/db', { password: 'example-initial' });
      // script(1) (util-linux) gives the CLI a pseudo-terminal; a program in a session of its own could not open /dev/tty.
      const command = [
        CLI_BIN,
        'run',
        '--env',
        'P=e2e/db#password',
        '--',
        '/bin/sh',
        '-c',
        'read line < /dev/tty; echo "read:$line:$P" > /dev/tty',
      ]
        .map((word) => `'${word}'`)
        .join(' ');
      const terminal = spawn('script', ['-qec', `'${process.execPath}' ${command}`, '/dev/null'], {
        env: { ...process.env, SCAIVAULT_URL: url, SCAIVAULT_TOKEN: ROOT_TOKEN, SCAIVAULT_HOME: join(scratch, 'home') },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      processes.add(terminal);
      let output = '';
      terminal.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      terminal.stdin!.write('typed\n');
      const code = await new Promise<number | null>((resolve) => terminal.once('close', resolve));
      processes.delete(terminal);
      assert.equal(code, 0, output);
      assert.match(output, /read:typed:example-initial/);
    },
  );

  test('an env file with a line that holds a value is one error line and exit 5; nothing starts', async () => {
    const file = join(scratch, 'broken.refs');
    writeFileSync(file, '# refs\nDB_PASSWORD=scaivault://e2e/db#password\nAPI_KEY=sk_live_pasted_by_mistake\n');
    const run = scaivaultRun(['--env-file', file, ...program("console.log('started')")]);
    assert.deepEqual(await run.exited, { code: 5, signal: null });
    assert.deepEqual(run.stdout, []);
    assert.equal(run.stderr.length, 1);
    assert.match(run.stderr[0]!, /^error: .*broken\.refs:3: the value of API_KEY is not a scaivault:\/\/ reference/);
    assert.doesNotMatch(run.stderr[0]!, /sk_live/);
  });

  test('--mount: the values as 0600 files in a 0700 directory, named in NAME_FILE, removed when the program exits', async () => {
    await client.secrets.write('e2e/tls', { key: 'example-private-key' });
    const dir = join(scratch, 'mounted');
    const run = scaivaultRun([
      '--mount',
      dir,
      '--env',
      'TLS_KEY=e2e/tls#key',
      ...program(
        "const fs = require('fs'); const file = process.env.TLS_KEY_FILE; console.log(file, fs.readFileSync(file, 'utf8'), (fs.statSync(file).mode & 0o777).toString(8), (fs.statSync(require('path').dirname(file)).mode & 0o777).toString(8), process.env.TLS_KEY === undefined)",
      ),
    ]);
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    assert.deepEqual(run.stdout, [`${join(dir, 'TLS_KEY')} example-private-key 600 700 true`]);
    assert.equal(existsSync(dir), false, 'the directory is gone');
  });
});

describe('--watch', () => {
  test('a rotation gives exactly one restart, with the new value; SIGTERM then ends run and its subscription', async () => {
    await client.secrets.write('e2e/watched', { api_key: 'example-key-1' });
    const run = scaivaultRun([
      '--watch',
      '--restart-timeout',
      '5s',
      '--env',
      'API_KEY=e2e/watched#api_key',
      ...program("console.log('start ' + process.env.API_KEY); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)"),
    ]);
    await waitFor('the first start', () => run.stdout.length === 1);
    assert.deepEqual(run.stdout, ['start example-key-1']);
    const watching = (await client.subscriptions.list()).subscriptions.filter((s) => s.name?.startsWith('scaivault run --watch'));
    assert.equal(watching.length, 1);
    assert.deepEqual(watching[0]!.paths, ['e2e/watched']);

    await client.secrets.rotate('e2e/watched', { random: true });
    const rotated = (await client.secrets.read('e2e/watched')).data['api_key'];
    assert.notEqual(rotated, 'example-key-1');
    await waitFor('the restart', () => run.stdout.length === 2, 30_000, run);
    await settle();
    assert.deepEqual(run.stdout, ['start example-key-1', `start ${rotated}`], 'one restart, with the rotated value');
    assert.ok(run.stderr.some((line) => line.startsWith('scaivault run: secrets changed; restarting')));
    assert.ok(!run.stderr.join('\n').includes(String(rotated)), 'the value is never printed by run');

    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    const left = (await client.subscriptions.list()).subscriptions.filter((s) => s.name?.startsWith('scaivault run --watch'));
    assert.deepEqual(left, [], 'the subscription was deleted');
  });

  test('writes close together restart once; a write that changes nothing the program sees restarts nothing', async () => {
    await client.secrets.write('e2e/burst', { a: 'one', b: 'unused' });
    const run = scaivaultRun([
      '--watch',
      '--debounce',
      '2s',
      '--env',
      'A=e2e/burst#a',
      ...program("console.log('start ' + process.env.A); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)"),
    ]);
    await waitFor('the first start', () => run.stdout.length === 1);
    await client.secrets.write('e2e/burst', { a: 'two', b: 'unused' });
    await client.secrets.write('e2e/burst', { a: 'three', b: 'unused' });
    await waitFor('the restart', () => run.stdout.length === 2, 30_000, run);
    await client.secrets.write('e2e/burst', { a: 'three', b: 'changed' });
    await settle();
    await settle();
    assert.deepEqual(run.stdout, ['start one', 'start three']);
    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
  });

  test('a program that ignores SIGTERM is killed after --restart-timeout and started again', async () => {
    await client.secrets.write('e2e/stubborn', { v: 'first' });
    const run = scaivaultRun([
      '--watch',
      '--restart-timeout',
      '1s',
      '--env',
      'V=e2e/stubborn#v',
      ...program(
        "console.log('start ' + process.env.V); process.on('SIGTERM', () => console.log('ignoring SIGTERM')); setInterval(() => {}, 1000)",
      ),
    ]);
    await waitFor('the first start', () => run.stdout.length === 1);
    await client.secrets.write('e2e/stubborn', { v: 'second' });
    await waitFor('the restart', () => run.stdout.includes('start second'), 30_000, run);
    assert.deepEqual(run.stdout, ['start first', 'ignoring SIGTERM', 'start second']);
    // SIGINT, which this program does not handle, ends it (and so run) for good.
    run.child.kill('SIGINT');
    assert.deepEqual(await run.exited, { code: 130, signal: null });
  });

  test('when the program exits by itself, run stops watching and exits with its code', async () => {
    await client.secrets.write('e2e/exits', { v: 'x' });
    const run = scaivaultRun(['--watch', '--env', 'V=e2e/exits#v', ...program('setTimeout(() => process.exit(7), 500)')]);
    assert.deepEqual(await run.exited, { code: 7, signal: null });
    const left = (await client.subscriptions.list()).subscriptions.filter((s) => s.name?.startsWith('scaivault run --watch'));
    assert.deepEqual(left, []);
  });
});

describe('dynamic leases', () => {
  const ENGINE = 'e2e-pg';
  let leaseCount = 0;

  before(async () => {
    // The cluster CI started, or a throwaway one (the server's test helper; stopped at exit).
    const helper = pathToFileURL(join(repo, 'server', 'dist', 'test', 'postgres-cluster.js')).href;
    const { testPostgresUrl } = (await import(helper)) as { testPostgresUrl(): Promise<string> };
    const admin = new URL(await testPostgresUrl());
    await client.secrets.write(
      'e2e/pg/root',
      { username: admin.username || 'postgres', password: 'example-root-password' },
      { secretType: 'json' },
    );
    const policy = await client.policies.create({ name: 'e2e engine', rules: [{ path_pattern: 'e2e/pg/root', permissions: ['read'] }] });
    await client.policies.bind(policy.id, { identity_type: 'service_account', identity_id: `dynamic:${ENGINE}` });
    await client.dynamic.engines.create({
      name: ENGINE,
      type: 'database',
      config: {
        plugin: 'postgresql',
        connection_url: `postgresql://{{username}}:{{password}}@${admin.host}${admin.pathname}`,
        root_credentials_path: 'e2e/pg/root',
      },
      default_ttl: '1h',
      max_ttl: '24h',
    });
    // A short TTL: a lease that outlives it was renewed.
    await client.dynamic.roles.create(ENGINE, {
      name: 'short',
      creation_statements: ['CREATE ROLE {{name}} WITH LOGIN PASSWORD {{password}} VALID UNTIL {{expiration}}'],
      default_ttl: '3s',
      max_ttl: '1h',
    });
  });

  /** The leases issued since the last call, as the server has them now. */
  async function newLeases() {
    const all = [];
    for await (const lease of client.dynamic.leases.listAll({ engine: ENGINE, status: 'all' })) all.push(lease);
    const fresh = all.slice(leaseCount);
    leaseCount = all.length;
    return fresh;
  }

  const leaseArgs = ['--env', `DB_USER=dynamic:${ENGINE}/short#username`, '--env', `DB_URL=dynamic:${ENGINE}/short#connection_url`];

  test('one lease per engine and role, renewed while the program runs and revoked when it exits normally', async () => {
    const run = scaivaultRun([
      ...leaseArgs,
      ...program(
        'console.log(process.env.DB_USER, process.env.DB_URL.includes(process.env.DB_USER)); setTimeout(() => process.exit(0), 5000)',
      ),
    ]);
    assert.deepEqual(await run.exited, { code: 0, signal: null }, run.stderr.join('\n'));
    const leases = await newLeases();
    assert.equal(leases.length, 1, 'two fields, one lease');
    assert.deepEqual(run.stdout, [`${leases[0]!.username} true`]);
    assert.equal(leases[0]!.status, 'revoked', 'outlived its 3s TTL, so it was renewed, then revoked');
  });

  test('revoked when the program dies by a signal', async () => {
    const run = scaivaultRun([...leaseArgs, ...program("process.kill(process.pid, 'SIGKILL')")]);
    assert.deepEqual(await run.exited, { code: 137, signal: null });
    assert.deepEqual(
      (await newLeases()).map((lease) => lease.status),
      ['revoked'],
    );
  });

  test('revoked when run is interrupted', async () => {
    const run = scaivaultRun([...leaseArgs, ...program("console.log('ready'); setInterval(() => {}, 1000)")]);
    await waitFor('the program', () => run.stdout.includes('ready'));
    run.child.kill('SIGINT');
    assert.deepEqual(await run.exited, { code: 130, signal: null });
    assert.deepEqual(
      (await newLeases()).map((lease) => lease.status),
      ['revoked'],
    );
  });

  test('revoked when the program cannot be started (exit 127)', async () => {
    const run = scaivaultRun([...leaseArgs, '--', join(scratch, 'no-such-program')]);
    assert.deepEqual(await run.exited, { code: 127, signal: null });
    assert.match(run.stderr.join('\n'), /cannot run .*no-such-program: command not found/);
    assert.deepEqual(
      (await newLeases()).map((lease) => lease.status),
      ['revoked'],
    );
  });

  test('revoked when a later reference fails before the program starts (exit 4)', async () => {
    const run = scaivaultRun([...leaseArgs, '--env', 'X=e2e/does-not-exist#x', ...program("console.log('started')")]);
    assert.deepEqual(await run.exited, { code: 4, signal: null });
    assert.deepEqual(run.stdout, []);
    assert.deepEqual(
      (await newLeases()).map((lease) => lease.status),
      ['revoked'],
    );
  });
});
