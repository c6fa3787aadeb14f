import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { memfs } from 'memfs';
import type { FileSystem } from '../src/fs/file-system.js';
import { runCli, type CliRunOptions } from '@scaivault/core/testing';

const HOME = '/home/ada/.scaivault';
const distribution = {
  dir: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'cli'),
  name: 'scaivault',
  version: '0.1.0',
  plugins: [],
};

function cli(options: Partial<CliRunOptions> & { files?: Record<string, string> } = {}) {
  const { fs } = memfs(options.files ?? {});
  const opts: CliRunOptions = { distribution, ...options, env: { SCAIVAULT_HOME: HOME, ...options.env }, fs: fs as unknown as FileSystem };
  return { fs, run: (...argv: string[]) => runCli(argv, opts) };
}

describe('config commands', () => {
  test('set, get, list, unset and path round-trip through the file', async () => {
    const { fs, run } = cli();
    assert.equal((await run('config', 'set', 'base_url', 'http://127.0.0.1:8200')).exitCode, 0);
    assert.equal((await run('config', 'get', 'base_url')).stdout, 'http://127.0.0.1:8200\n');
    assert.deepEqual(JSON.parse((await run('config', 'get', 'base_url', '--json')).stdout), {
      key: 'base_url',
      value: 'http://127.0.0.1:8200',
      source: 'file',
    });
    const list = JSON.parse((await run('config', 'list', '--json')).stdout);
    assert.deepEqual(
      list.settings.find((s: { key: string }) => s.key === 'output'),
      { key: 'output', value: 'table', source: 'default' },
    );
    assert.equal(list.path, `${HOME}/config.json`);
    assert.equal((await run('config', 'unset', 'base_url')).exitCode, 0);
    assert.equal((await run('config', 'get', 'base_url', '--field', 'source')).stdout, 'default');
    assert.equal((await run('config', 'path')).stdout, `${HOME}/config.json\n`);
    assert.equal(fs.statSync(`${HOME}/config.json`).mode & 0o777, 0o600);
  });

  test('environment overrides the file and says so', async () => {
    const { run } = cli({
      files: { [`${HOME}/config.json`]: '{"base_url":"https://file.example"}' },
      env: { SCAIVAULT_URL: 'https://env.example' },
    });
    assert.equal((await run('config', 'get', 'base_url', '--field', 'source')).stdout, 'env');
  });

  test('unknown keys and bad values: exit 5, one line on stderr, nothing written', async () => {
    const { fs, run } = cli();
    for (const argv of [
      ['config', 'set', 'colour', 'blue'],
      ['config', 'set', 'base_url', 'not a url'],
      ['config', 'set', 'output', 'yaml'],
      ['config', 'get', 'nope'],
      ['config', 'set', 'base_url'],
    ]) {
      const result = await run(...argv);
      assert.equal(result.exitCode, 5, `${argv.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /at \S+:\d+/);
    }
    assert.equal(fs.existsSync(`${HOME}/config.json`), false);
  });

  test('--json errors are JSON on stderr', async () => {
    const { run } = cli();
    const result = await run('config', 'get', 'token', '--json');
    assert.equal(result.exitCode, 4);
    assert.deepEqual(JSON.parse(result.stderr), {
      error: { code: 'not_found', message: 'token is not set', status: null, request_id: null },
    });
  });

  test('secret values are masked unless --reveal', async () => {
    const { run } = cli({ files: { [`${HOME}/config.json`]: '{"token":"skt_0123456789abcdef"}' } });
    assert.equal((await run('config', 'get', 'token')).stdout, 'skt_****\n');
    assert.doesNotMatch((await run('config', 'list')).stdout, /0123456789/);
    assert.equal((await run('config', 'get', 'token', '--reveal')).stdout, 'skt_0123456789abcdef\n');
  });
});

describe('auth against a server answering GET /v1/auth/whoami', () => {
  const GOOD = 'skt_good_token_0123456789';
  const seen: Array<{ url: string; authorization: string | undefined }> = [];
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-request-id', 'req_test1');
      if (req.url === '/v1/auth/whoami' && req.headers.authorization === `Bearer ${GOOD}`) {
        res.end(
          JSON.stringify({ identity_id: 'user:ada@acme.example', identity_type: 'user', tenant_id: 'tnt_acme', scopes: ['secrets:read'] }),
        );
        return;
      }
      res.statusCode = 401;
      res.end(
        JSON.stringify({ error: { code: 'token_invalid', message: 'Token signature is invalid', details: {}, request_id: 'req_test1' } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('whoami prints the identity; --field gives one value', async () => {
    const { run } = cli({ env: { SCAIVAULT_URL: url, SCAIVAULT_TOKEN: GOOD } });
    const human = await run('auth', 'whoami');
    assert.equal(human.exitCode, 0, human.stderr);
    assert.match(human.stdout, /Identity ID\s+user:ada@acme\.example/);
    assert.equal((await run('auth', 'whoami', '--field', 'identity_id')).stdout, 'user:ada@acme.example');
  });

  test('a rejected token is exit 2 with the fix, and the token is never printed', async () => {
    const { run } = cli({ env: { SCAIVAULT_URL: url, SCAIVAULT_TOKEN: 'skt_bad_token_999', SCAIVAULT_DEBUG: '1' } });
    const result = await run('auth', 'whoami');
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /error: Token signature is invalid \(request req_test1\) — .*auth login/);
    assert.match(result.stderr, /debug: → GET .*\/v1\/auth\/whoami/);
    assert.doesNotMatch(result.stderr + result.stdout, /skt_bad_token_999/);
  });

  test('no token at all is exit 2 before any request', async () => {
    const before = seen.length;
    const { run } = cli({ env: { SCAIVAULT_URL: url } });
    const result = await run('auth', 'whoami');
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /not authenticated/);
    assert.equal(seen.length, before);
  });

  test('connection refused is exit 1 with a message naming the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const { run } = cli({ env: { SCAIVAULT_URL: deadUrl, SCAIVAULT_TOKEN: GOOD } });
    const result = await run('auth', 'whoami');
    assert.equal(result.exitCode, 1);
    assert.ok(result.stderr.includes(deadUrl), result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  test('login --token - reads stdin, checks the token and stores it 0600; a bad one is not stored', async () => {
    const { fs, run } = cli({ env: {}, stdin: `${GOOD}\n` });
    const result = await run('auth', 'login', '--url', url, '--token', '-');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, `Logged in to ${url} as user:ada@acme.example\n`);
    const saved = JSON.parse(fs.readFileSync(`${HOME}/config.json`, 'utf8') as string);
    assert.deepEqual(saved, { base_url: url, token: GOOD });
    assert.equal(fs.statSync(`${HOME}/config.json`).mode & 0o777, 0o600);

    const bad = cli({ stdin: 'skt_nope_nope_nope\n' });
    const rejected = await bad.run('auth', 'login', '--url', url, '--token', '-');
    assert.equal(rejected.exitCode, 2);
    assert.equal(bad.fs.existsSync(`${HOME}/config.json`), false);
  });

  test('logout removes the stored token', async () => {
    const { fs, run } = cli({ files: { [`${HOME}/config.json`]: JSON.stringify({ base_url: url, token: GOOD }) } });
    assert.equal((await run('auth', 'logout')).exitCode, 0);
    assert.deepEqual(JSON.parse(fs.readFileSync(`${HOME}/config.json`, 'utf8') as string), { base_url: url });
    assert.equal((await run('auth', 'whoami')).exitCode, 2);
  });

  test('login refuses conflicting or missing credentials with exit 5', async () => {
    const { run } = cli();
    assert.equal((await run('auth', 'login', '--token', 'a', '--client-id', 'b')).exitCode, 5);
    assert.equal((await run('auth', 'login', '--client-id', 'b')).exitCode, 5);
    assert.equal((await run('auth', 'login')).exitCode, 5);
    assert.equal((await run('auth', 'login', '--url', 'nope', '--token', 'x')).exitCode, 5);
  });
});

describe('help, completion and unknown commands', () => {
  test('help <command> shows the detailed usage with examples', async () => {
    const { run } = cli();
    const result = await run('help', 'config', 'set');
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /scaivault config set <key> \[value\]/);
    assert.match(result.stdout, /Point the CLI at a server/);
  });

  test('a group alone lists its commands', async () => {
    const { run } = cli();
    const result = await run('config');
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /config unset\s+Remove a configuration value/);
  });

  test('a typo gets a suggestion and exit 5', async () => {
    const { run } = cli();
    const result = await run('confg', 'list');
    assert.equal(result.exitCode, 5);
    assert.match(result.stderr, /did you mean `scaivault config/);
  });

  test('completion scripts and word completion from the index', async () => {
    const { run } = cli();
    for (const shell of ['bash', 'zsh', 'fish']) {
      const script = await run('completion', shell);
      assert.equal(script.exitCode, 0);
      assert.match(script.stdout, /scaivault __complete/);
    }
    assert.equal((await run('completion', 'tcsh')).exitCode, 5);
    assert.equal((await run('__complete', '--', 'con')).stdout, 'config\n');
    assert.equal((await run('__complete', '--', 'config', 'u')).stdout, 'unset\n');
    assert.match((await run('__complete', '--', 'config', 'get', 'x', '--r')).stdout, /--reveal/);
  });
});

describe('the scaivault home is read and written through the FileSystem seam', () => {
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  // A home no test run has ever used: were anything written to the real disk, it would show.
  const home = `/home/sv-seam-${process.pid}-${Date.now()}/.scaivault`;

  test('the plugin index cache is written into the given file system, not the real home', async () => {
    const { fs, run } = cli({ env: { SCAIVAULT_HOME: home } });
    assert.equal((await run('config', 'path')).exitCode, 0);
    assert.equal(fs.existsSync(`${home}/cache/plugin-index.json`), true);
    assert.equal(existsSync(dirname(home)), false);
    assert.equal((await run('config', 'path')).exitCode, 0);
  });

  test('linked and installed plugins are discovered from the given file system', async () => {
    const hello = join(repo, 'docs', 'examples', 'plugin-hello');
    const { run } = cli({ env: { SCAIVAULT_HOME: home }, files: { [`${home}/plugins/links.json`]: JSON.stringify([hello]) } });
    const result = await run('hello', 'greet', 'Ada');
    assert.deepEqual([result.exitCode, result.stdout, result.stderr], [0, 'Hello, Ada!\n', '']);
    assert.equal(existsSync(dirname(home)), false);
  });
});
