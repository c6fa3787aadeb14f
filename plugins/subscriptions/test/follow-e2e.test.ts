// End to end: the real CLI follows a subscription on the real server while the server is killed
// and restarted (same data dir, root token and port). Every event must arrive once, in order,
// and SIGINT must end the follower with exit code 0.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ScaiVaultClient, type ScaiVaultEvent } from '@scaivault/core/sdk';

// plugins/subscriptions/dist/test → the repository root is four levels up.
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const SERVER_BIN = join(repo, 'server', 'dist', 'src', 'bin.js');
const CLI_BIN = join(repo, 'cli', 'bin', 'scaivault.js');
const ROOT_TOKEN = 'skt_e2e_follow_root_token';

const scratch = mkdtempSync(join(tmpdir(), 'sv-follow-e2e-'));
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A child process whose output lines are collected as they arrive. */
function launch(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => stdout.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, stdout, stderr, exited };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function startServer(port: number, dataDir: string) {
  const server = launch([SERVER_BIN, '--port', String(port), '--root-token', ROOT_TOKEN, '--data-dir', dataDir]);
  await waitFor('the server to listen', () => server.stdout.some((line) => line.startsWith('export SCAIVAULT_URL=')));
  return server;
}

async function killServer(server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/**
 * Follows through two server kills. With `ack: false` nothing is ever acknowledged, so every
 * reconnect would start from the first event again: only the resume from the last event id
 * printed keeps events from repeating, which makes that property hold whatever the timing.
 */
async function followThroughRestarts(mode: { ack: boolean }): Promise<void> {
  const port = await freePort();
  const dataDir = join(scratch, `data-${mode.ack ? 'ack' : 'no-ack'}`);
  const url = `http://127.0.0.1:${port}`;
  let server = await startServer(port, dataDir);
  let client = new ScaiVaultClient({ baseUrl: url, token: ROOT_TOKEN });

  const feed = { paths: ['app/**'], events: ['secret.*'], delivery: { type: 'polling' as const } };
  const followed = await client.subscriptions.create({ name: 'followed', ...feed });
  // A second, identical subscription nobody consumes: its queue is the list of what should arrive.
  const reference = await client.subscriptions.create({ name: 'reference', ...feed });

  const cli = launch(
    [CLI_BIN, 'subscriptions', 'poll', followed.id, '--follow', '--json', '--timeout', '20s', ...(mode.ack ? [] : ['--no-ack'])],
    {
      SCAIVAULT_URL: url,
      SCAIVAULT_TOKEN: ROOT_TOKEN,
      SCAIVAULT_HOME: join(scratch, `home-${mode.ack ? 'ack' : 'no-ack'}`),
      NO_COLOR: '1',
    },
  );
  await waitFor('the follower to start', () => cli.stderr.some((line) => line.startsWith(`following ${followed.id}`)));

  await client.secrets.write('app/one', { password: 'example-1' });
  await client.secrets.rotate('app/one', { random: true });
  await waitFor('the first three events', () => cli.stdout.length >= 3);

  // Killed right after a write: the event is stored, whether or not the held poll answered.
  await client.secrets.write('app/two', { password: 'example-2' });
  await client.close();
  await killServer(server);
  await waitFor('the follower to notice', () => cli.stderr.some((line) => line.startsWith('connection to ScaiVault lost')));

  server = await startServer(port, dataDir);
  client = new ScaiVaultClient({ baseUrl: url, token: ROOT_TOKEN });
  await client.secrets.write('app/three', { password: 'example-3' });
  await client.secrets.rotate('app/three', { random: true });
  await waitFor('the follower to reconnect', () => cli.stderr.some((line) => line.startsWith('reconnected; resuming after evt_')));
  await waitFor('the events written while it was away', () => cli.stdout.length >= 7);

  // Killed again while the follower holds a poll open.
  await client.close();
  await killServer(server);
  server = await startServer(port, dataDir);
  client = new ScaiVaultClient({ baseUrl: url, token: ROOT_TOKEN });
  await client.secrets.rotate('app/two', { random: true });

  const expected = (await client.subscriptions.poll(reference.id, { timeout: 0, maxEvents: 1000 })).events;
  assert.equal(expected.length, 9, 'created ×3, updated and rotated ×3');
  await waitFor('every event', () => cli.stdout.length >= expected.length);
  await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would show up now

  cli.child.kill('SIGINT');
  const exit = await cli.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, cli.stderr.join('\n'));

  const printed = cli.stdout.map((line) => JSON.parse(line) as ScaiVaultEvent);
  assert.deepEqual(
    cli.stdout,
    printed.map((event) => JSON.stringify(event)),
    'one compact JSON object per line',
  );
  assert.deepEqual(
    printed.map((event) => event.event_id),
    expected.map((event) => event.event_id),
    'every event exactly once, in order',
  );
  assert.deepEqual(printed, expected, 'the documented envelope, as the server stored it');
  const rotations = printed.filter((event) => event.event_type === 'secret.rotated');
  assert.deepEqual(
    rotations.map((event) => `${event.path}: ${event.data?.old_version} -> ${event.data?.new_version}`),
    ['app/one: 1 -> 2', 'app/three: 1 -> 2', 'app/two: 1 -> 2'],
    'what the documented jq recipe prints',
  );
  assert.ok(cli.stderr.some((line) => /^stopped after 9 event\(s\); the last was evt_/.test(line)));

  const left = await client.subscriptions.poll(followed.id, { timeout: 0, maxEvents: 1000 });
  if (mode.ack) assert.deepEqual(left.events, [], 'everything printed was acknowledged');
  else assert.equal(left.events.length, expected.length, '--no-ack acknowledged nothing');
  await client.close();
  await killServer(server);
}

test('poll --follow --json survives server restarts: every event once, in order, acknowledged; SIGINT exits 0', { timeout: 120_000 }, () =>
  followThroughRestarts({ ack: true }),
);

test(
  'poll --follow --no-ack resumes after the last event printed, so nothing repeats though nothing was acknowledged',
  { timeout: 120_000 },
  () => followThroughRestarts({ ack: false }),
);
