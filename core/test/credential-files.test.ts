import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { memfs } from 'memfs';
import type { FileSystem } from '../src/fs/file-system.js';
import type { Prompt } from '../src/services/prompt.js';
import { FakeClock, runCli, type CliRunOptions } from '@scaivault/core/testing';

// How the CLI treats the files and settings that hold credentials, end to end through `run`.
const HOME = '/home/ada/.scaivault';
const CONFIG = `${HOME}/config.json`;
const distribution = {
  dir: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'cli'),
  name: 'scaivault',
  version: '0.1.0',
  plugins: [],
};

/** A terminal that answers every secret question with `answer` and records the questions. */
class TerminalPromptDouble implements Prompt {
  readonly interactive = true;
  readonly asked: string[] = [];
  constructor(private readonly answer: string) {}
  async confirm(): Promise<boolean> {
    return false;
  }
  async secret(question: string): Promise<string> {
    this.asked.push(question);
    return this.answer;
  }
}

function cli(options: Partial<CliRunOptions> & { files?: Record<string, string> } = {}) {
  const { fs } = memfs(options.files ?? {});
  // As the CLI writes them; memfs would make them 0666.
  for (const path of Object.keys(options.files ?? {})) fs.chmodSync(path, 0o600);
  const opts: CliRunOptions = { distribution, ...options, env: { SCAIVAULT_HOME: HOME, ...options.env }, fs: fs as unknown as FileSystem };
  return { fs, run: (...argv: string[]) => runCli(argv, opts) };
}

const saved = (fs: { readFileSync: (path: string, encoding: 'utf8') => unknown }) => JSON.parse(fs.readFileSync(CONFIG, 'utf8') as string);

describe('config set with a secret value', () => {
  test('`-` reads the value from stdin for token and client_secret, never storing "-"', async () => {
    for (const key of ['token', 'client_secret']) {
      const { fs, run } = cli({ stdin: 'skt_from_stdin_0123\n' });
      const result = await run('config', 'set', key, '-');
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(saved(fs), { [key]: 'skt_from_stdin_0123' });
      assert.doesNotMatch(result.stdout + result.stderr, /skt_from_stdin/);
    }
  });

  test('`-` reads stdin for the other keys too', async () => {
    const { fs, run } = cli({ stdin: 'http://127.0.0.1:8200\n' });
    assert.equal((await run('config', 'set', 'base_url', '-')).exitCode, 0);
    assert.deepEqual(saved(fs), { base_url: 'http://127.0.0.1:8200' });
  });

  test('on a terminal, `-` or no value asks without echo', async () => {
    for (const argv of [
      ['config', 'set', 'token', '-'],
      ['config', 'set', 'client_secret'],
    ]) {
      const prompt = new TerminalPromptDouble('typed_secret_0123');
      const { fs, run } = cli({ prompt });
      const result = await run(...argv);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(prompt.asked.length, 1);
      assert.equal(Object.values(saved(fs))[0], 'typed_secret_0123');
    }
  });

  test('an empty, missing or spaced secret is exit 5 that does not repeat it, and nothing is written', async () => {
    for (const [stdin, argv, says] of [
      ['\n', ['config', 'set', 'token', '-'], /empty token on stdin/],
      [undefined, ['config', 'set', 'token'], /no token given — pass - and pipe the token on stdin/],
      ['skt_a b\n', ['config', 'set', 'client_secret', '-'], /the client secret contains whitespace/],
      [undefined, ['config', 'set', 'output'], /no value given for output/],
    ] as const) {
      const { fs, run } = cli({ ...(stdin === undefined ? {} : { stdin }) });
      const result = await run(...argv);
      assert.equal(result.exitCode, 5, result.stderr);
      assert.match(result.stderr, says);
      assert.doesNotMatch(result.stderr, /skt_a/);
      assert.equal(fs.existsSync(CONFIG), false);
    }
  });
});

describe('settings are checked when read', () => {
  test('a bad environment variable is exit 5 naming it and what it accepts, before any request', async () => {
    for (const [env, says] of [
      [{ SCAIVAULT_TIMEOUT: 'abc' }, /^error: invalid SCAIVAULT_TIMEOUT: expected a duration: .*e\.g\. 30s, 90d, 1h30m, got "abc"/],
      [{ SCAIVAULT_OUTPUT: 'yaml' }, /^error: invalid SCAIVAULT_OUTPUT: expected table or json, got "yaml"/],
      [{ SCAIVAULT_URL: 'notaurl' }, /^error: invalid SCAIVAULT_URL: expected an http\(s\) URL, got "notaurl"/],
    ] as const) {
      const { run } = cli({ env: { SCAIVAULT_URL: 'http://127.0.0.1:9', SCAIVAULT_TOKEN: 'skt_x', ...env } });
      const result = await run('auth', 'whoami');
      assert.equal(result.exitCode, 5, result.stderr);
      assert.match(result.stderr, says);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /baseUrl/);
    }
  });

  test('an unknown key in config.json is exit 5 naming it and the known keys; config unset repairs the file', async () => {
    const { fs, run } = cli({ files: { [CONFIG]: JSON.stringify({ output: 'json', colour: 'blue' }) } });
    const result = await run('config', 'get', 'output');
    assert.equal(result.exitCode, 5);
    assert.match(
      result.stderr,
      /^error: unknown key "colour" in \/home\/ada\/\.scaivault\/config\.json — known keys: base_url, .*, timeout; remove it with `scaivault config unset colour`\n$/,
    );
    assert.equal((await run('config', 'unset', 'colour')).exitCode, 0);
    assert.equal((await run('config', 'get', 'output', '--field', 'value')).stdout, 'json');
    assert.deepEqual(saved(fs), { output: 'json' });
  });

  test('a bad output setting stops every command but the ones that fix it', async () => {
    const { fs, run } = cli({ files: { [CONFIG]: JSON.stringify({ output: 'yaml' }) } });
    const listed = await run('config', 'list');
    assert.equal(listed.exitCode, 5);
    assert.match(
      listed.stderr,
      /invalid output in .*config\.json: expected table or json, got "yaml" — run `scaivault config set output <value>`/,
    );
    const fixed = await run('config', 'set', 'output', 'table');
    assert.equal(fixed.exitCode, 0, fixed.stderr);
    assert.deepEqual(saved(fs), { output: 'table' });
  });

  test('timeout takes compound durations in config set and SCAIVAULT_TIMEOUT', async () => {
    const { fs, run } = cli();
    assert.equal((await run('config', 'set', 'timeout', '1h')).exitCode, 0);
    assert.equal((await run('config', 'set', 'timeout', '1m30s')).exitCode, 0);
    assert.deepEqual(saved(fs), { timeout: '1m30s' });
    const bad = await run('config', 'set', 'timeout', '1x');
    assert.equal(bad.exitCode, 5);
    assert.doesNotMatch(bad.stderr, /pattern|\/\^/);
  });
});

describe('config.json permissions', () => {
  test('a file others can read gets one warning and is narrowed to 0600', async () => {
    const { fs, run } = cli({ files: { [CONFIG]: JSON.stringify({ output: 'json' }) } });
    fs.chmodSync(CONFIG, 0o644);
    const first = await run('config', 'get', 'output');
    assert.equal(first.exitCode, 0, first.stderr);
    assert.equal(first.stderr, `warning: ${CONFIG} was open to other users (mode 0644); changed it to 0600\n`);
    assert.equal(fs.statSync(CONFIG).mode & 0o777, 0o600);
    assert.equal((await run('config', 'get', 'output')).stderr, '');
  });
});

describe('credentials left in temp files', () => {
  const leftover = `${CONFIG}.0123456789ab.tmp`;
  // The files beside config.json, leaving out the plugin-index cache directory the run also writes.
  const homeFiles = (fs: { readdirSync(path: string): unknown }) =>
    (fs.readdirSync(HOME) as string[]).filter((name) => name !== 'cache').sort();

  test('logout removes every copy of the token, including temp files an interrupted write left', async () => {
    const { fs, run } = cli({
      files: { [CONFIG]: JSON.stringify({ token: 'skt_stored' }), [leftover]: JSON.stringify({ token: 'skt_stored' }) },
    });
    const result = await run('auth', 'logout');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(homeFiles(fs), ['config.json']);
    assert.deepEqual(saved(fs), {});
  });

  test('logout with only a leftover temp file still removes it and says so', async () => {
    const { fs, run } = cli({ files: { [leftover]: JSON.stringify({ token: 'skt_stored' }) } });
    const result = await run('auth', 'logout', '--json');
    assert.deepEqual(JSON.parse(result.stdout), { removed: true });
    assert.deepEqual(homeFiles(fs), []);
  });

  test('the next config write removes a stale one, judged by the clock', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
    const { fs, run } = cli({ clock, files: { [leftover]: JSON.stringify({ token: 'skt_stored' }) } });
    fs.utimesSync(leftover, new Date(clock.now() - 1_000), new Date(clock.now() - 1_000));
    assert.equal((await run('config', 'set', 'output', 'json')).exitCode, 0);
    assert.deepEqual(homeFiles(fs), ['config.json', 'config.json.0123456789ab.tmp'], 'a second-old one may be a write under way');
    clock.advance(120_000);
    assert.equal((await run('config', 'set', 'output', 'table')).exitCode, 0);
    assert.deepEqual(homeFiles(fs), ['config.json']);
  });
});

describe('auth login', () => {
  const GOOD = 'skt_good_token_0123456789';
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/oauth/token') {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: 'invalid_client', error_description: 'unknown client or wrong secret' }));
        return;
      }
      if (req.url === '/v1/auth/whoami' && req.headers.authorization === `Bearer ${GOOD}`) {
        res.end(JSON.stringify({ identity_id: 'user:ada@acme.example', identity_type: 'user' }));
        return;
      }
      res.statusCode = 401;
      res.end(
        JSON.stringify({ error: { code: 'token_invalid', message: 'Token signature is invalid', details: {}, request_id: 'req_1' } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('refused client credentials are exit 2 about the client id and secret, not a token', async () => {
    const { fs, run } = cli({ env: { SCAIVAULT_TOKEN_URL: `${url}/oauth/token` }, stdin: 'wrong_secret\n' });
    const result = await run('auth', 'login', '--url', url, '--client-id', 'ci-deployer', '--client-secret', '-');
    assert.equal(result.exitCode, 2, result.stderr);
    assert.match(
      result.stderr,
      /^error: the client credentials were not accepted: .*unknown client or wrong secret.* — check --client-id and --client-secret, and that token_url \(http:\/\/127\.0\.0\.1:\d+\/oauth\/token\) is the right token endpoint\n$/,
    );
    assert.doesNotMatch(result.stderr, /check the token|--token|wrong_secret/);
    assert.equal(fs.existsSync(CONFIG), false);
  });

  test('a refused token still gets the token advice', async () => {
    const { run } = cli({ stdin: 'skt_nope_nope\n' });
    const result = await run('auth', 'login', '--url', url, '--token', '-');
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /check the token/);
  });

  test('--token - on a terminal asks without echo', async () => {
    const prompt = new TerminalPromptDouble(GOOD);
    const { fs, run } = cli({ prompt });
    const result = await run('auth', 'login', '--url', url, '--token', '-');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(prompt.asked, ['Token: ']);
    assert.equal(saved(fs).token, GOOD);
  });
});
