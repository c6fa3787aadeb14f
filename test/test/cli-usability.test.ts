import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MockAgent } from '@scaivault/core/undici';
import { InterruptedError, type Prompt } from '@scaivault/core';
import {
  FIXTURE_ORIGIN,
  FIXTURE_TOKEN,
  assertBadInput,
  jsonReply,
  runCli,
  runOffline,
  type FixtureExchange,
  type OfflineRunOptions,
} from '@scaivault/core/testing';
import { bundledDistribution, tempHome } from './workspace.js';

// What a new user meets first: typos, missing arguments, help, errors under --json, the terminal.
const distribution = bundledDistribution();
const offline = (argv: string[], options: Omit<OfflineRunOptions, 'distribution'> = {}) => runOffline(argv, { distribution, ...options });
/** A distribution that ships without one official plugin, as a trimmed enterprise CLI does: its group is "not installed". */
const trimmed = { ...distribution, plugins: distribution.plugins.filter((name) => name !== '@scaivault/plugin-scaikey') };
const offlineTrimmed = (argv: string[]) => runOffline(argv, { distribution: trimmed });

const SECRET = {
  path: 'environments/production/payments/database/primary-credentials',
  secret_type: 'kv',
  version: 3,
  metadata: {},
  max_versions: 10,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  expires_at: null,
  rotation_policy_id: null,
  secret_policy_id: null,
};
const listExchange: FixtureExchange = {
  request: { method: 'GET', path: '/v1/secrets', query: { limit: '5' } },
  response: jsonReply(200, { secrets: [SECRET], cursor: null, has_more: false }),
};

describe('typos in a plugin group', () => {
  for (const [argv, suggestion] of [
    [['secrets', 'raed'], 'scaivault secrets read'],
    [['policies', 'lst'], 'scaivault policies list'],
    [['audit', 'exports', 'lst'], 'scaivault audit exports list'],
    [['pki', 'ca', 'lst'], 'scaivault pki ca list'],
    [['help', 'secrets', 'raed'], 'scaivault secrets read'],
  ] as const) {
    test(`${argv.join(' ')} suggests \`${suggestion}\`, exit 5, and never says the plugin is missing`, async () => {
      const result = await offline([...argv]);
      assertBadInput(result, new RegExp(`did you mean \`${suggestion}\`\\?`));
      assert.doesNotMatch(result.stderr, /not installed/);
    });
  }

  test('help for a subcommand nobody provides is a usage error pointing at the group', async () => {
    assertBadInput(await offline(['help', 'secrets', 'nope']), /unknown command "secrets nope" — run `scaivault secrets --help`/);
  });

  test('a prefix suggests the groups it starts, not the nearest short name', async () => {
    const result = await offline(['sec']);
    assertBadInput(result, /did you mean `scaivault secrets` or `scaivault secret-policies`\?/);
    assert.doesNotMatch(result.stderr, /dev/);
  });

  test('the install hint is only for groups no installed plugin provides', async () => {
    const result = await offlineTrimmed(['scaikey', 'status']);
    assert.equal(result.exitCode, 1);
    assert.equal(
      result.stderr,
      'error: `scaivault scaikey` is provided by @scaivault/plugin-scaikey, which is not installed — run `scaivault plugins install scaikey`\n',
    );
  });
});

describe('--json: every error is JSON on stderr', () => {
  for (const [argv, code, exitCode] of [
    [['nope', '--json'], 'unknown_command', 5],
    [['secrets', 'raed', '--json'], 'unknown_command', 5],
    [['scaikey', 'status', '--json'], 'plugin_not_installed', 1],
    [['secrets', 'read', '--json'], 'usage_error', 5],
    [['--bogus', '--json'], 'usage_error', 5],
  ] as const) {
    test(`${argv.join(' ')} → ${code}`, async () => {
      const result = await offlineTrimmed([...argv]);
      assert.equal(result.exitCode, exitCode);
      assert.equal(result.stdout, '');
      const parsed = JSON.parse(result.stderr) as { error: { code: string; message: string } };
      assert.equal(parsed.error.code, code);
      assert.ok(parsed.error.message.length > 0);
    });
  }

  test('output=json from the environment makes unknown-command and usage errors JSON too', async () => {
    for (const [argv, code] of [
      [['nope'], 'unknown_command'],
      [['secrets', 'read'], 'usage_error'],
    ] as const) {
      const result = await offline([...argv], { env: { SCAIVAULT_OUTPUT: 'json' } });
      assert.equal((JSON.parse(result.stderr) as { error: { code: string } }).error.code, code, argv.join(' '));
    }
  });
});

describe('usage errors say what is wrong in one line', () => {
  test('a missing positional is named, with the usage', async () => {
    const result = await offline(['secrets', 'read']);
    assert.equal(result.stderr, 'error: missing <path> — usage: scaivault secrets read <path> [--version <n>] [--field <name>]\n');
    assert.equal(result.exitCode, 5);
    assertBadInput(
      await offline(['rotation', 'assign', 'rot_1']),
      /^error: missing <path> — usage: scaivault rotation assign <policy-id> <path>/,
    );
  });

  test('an unknown option is one line, not the help', async () => {
    assertBadInput(
      await offline(['secrets', 'read', 'app/x', '--bogus']),
      /^error: unknown option --bogus — run `scaivault secrets read --help`\n$/,
    );
    assertBadInput(await offline(['secrets', 'read', 'app/x', '--verison', '2']), /did you mean --version\?/);
    assertBadInput(await offline(['--bogus']), /^error: unknown option --bogus/);
    assertBadInput(await offline(['--tenant', 'tnt_1', 'secrets', 'list']), /^error: missing command before --tenant/);
  });

  test('negative values get a message about the value', async () => {
    // The value reaches the command's own check, which says what is allowed.
    assertBadInput(await offline(['secrets', 'expiring', '--days', '-3']), /^error: --days must be between 1 and 3650, got -3\n$/);
    assertBadInput(await offline(['secrets', 'list', '--limit', '-5']), /^error: --limit must be between 1 and 1000, got -5\n$/);
    assertBadInput(
      await offline(['service-accounts', 'create-key', 'sa_1', '--name', 'ci', '--expires-in', '-1d']),
      /^error: invalid duration for --expires-in: "-1d"/,
    );
  });

  test('a negative argument (not an option value) also gets a message about the value', async () => {
    assertBadInput(
      await offline(['config', 'set', 'timeout', '-5']),
      /^error: invalid value for timeout: expected a duration.*got "-5"\n$/,
    );
    const json = await offline(['config', 'set', '--json', 'timeout', '-5s']);
    assert.equal(json.exitCode, 5);
    assert.match(json.stdout + json.stderr, /"message":"invalid value for timeout: expected a duration.*got \\"-5s\\""/);
  });

  test('a missing required option is named, with the usage', async () => {
    assertBadInput(
      await offline(['service-accounts', 'create-key', 'sa_1']),
      /^error: missing --name <name> — usage: scaivault service-accounts create-key <account-id> --name <name>/,
    );
  });

  test('an option without its value and an extra argument are named', async () => {
    assertBadInput(await offline(['secrets', 'read', 'app/x', '--version']), /^error: --version needs a value/);
    assertBadInput(await offline(['secrets', 'read', 'app/x', 'app/y']), /^error: unexpected argument "app\/y"/);
  });
});

describe('help', () => {
  test('--help and -h work anywhere on the line', async () => {
    for (const argv of [
      ['secrets', 'read', 'app/x', '--help'],
      ['secrets', 'read', '-h', 'app/x'],
      ['secrets', 'read', '--version', '2', '--help'],
      ['help', 'secrets', 'read'],
    ]) {
      const result = await offline(argv);
      assert.equal(result.exitCode, 0, `${argv.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /^Usage: scaivault secrets read <path>/m);
    }
    // After `--` it is an argument like any other.
    assert.notEqual((await offline(['secrets', 'read', '--', '--help'])).exitCode, 0);
  });

  test('options show named placeholders, spaced aliases, and only what applies', async () => {
    const read = (await offline(['secrets', 'read', '--help'])).stdout;
    assert.match(read, /--field <name> /);
    assert.match(read, /--version <n> /);
    assert.doesNotMatch(read, /#0/);
    assert.match((await offline(['secrets', 'delete', '--help'])).stdout, /--yes, --force /);
    const dev = (await offline(['dev', '--help'])).stdout;
    assert.doesNotMatch(dev, /--json|--field|--url/);
    assert.match(dev, /--port <n> +TCP port \(default 8200/);
    const completion = (await offline(['completion', '--help'])).stdout;
    assert.doesNotMatch(completion, /--json|--field/);
    assert.doesNotMatch((await offline(['config', 'get', '--help'])).stdout, /--url|--tenant/);
    // A command's declared placeholder outranks the name table: rotation takes webhook ids, subscriptions a URL.
    assert.match((await offline(['rotation', 'create', '--help'])).stdout, /--webhook <id> /);
    assert.match((await offline(['subscriptions', 'create', '--help'])).stdout, /--webhook <url> /);
  });

  test('top-level help lists groups, one line each; a group lists its commands', async () => {
    const main = await offline(['--help']);
    assert.equal(main.exitCode, 0);
    assert.match(main.stdout, /^ {2}secrets +Read, write, list/m);
    assert.doesNotMatch(main.stdout, /secrets read/);
    const commandLines = main.stdout
      .split('\n\n')
      .find((block) => block.startsWith('Commands:'))!
      .split('\n')
      .slice(1);
    // One line per group (a name, then its summary), never a line per command.
    for (const line of commandLines.filter((line) => line !== '')) assert.match(line, /^ {2}[a-z][a-z-]* {2,}\S/, line);
    assert.ok(commandLines.length < 40, `${commandLines.length} lines`);
    const group = await offline(['secrets', '--help']);
    assert.equal(group.exitCode, 0);
    assert.match(group.stdout, /^ {2}secrets read +Read a secret/m);
  });
});

describe('the terminal', () => {
  test('on a TTY a table fits the width, truncating the widest column; piped it is printed in full', async () => {
    const tty = await offline(['secrets', 'list', '--limit', '5'], { exchanges: [listExchange], tty: { stdout: true, columns: 60 } });
    assert.equal(tty.exitCode, 0, tty.stderr);
    const lines = tty.stdout
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trimEnd()
      .split('\n');
    for (const line of lines) assert.ok(line.length <= 60, `${line.length}: ${line}`);
    assert.match(lines[0]!, /^PATH +VERSION +TYPE +UPDATED$/);
    assert.match(lines[1]!, /^environments\/\S*… +3 +kv +2026-01-01T00:00:00\.000Z$/);

    const piped = await offline(['secrets', 'list', '--limit', '5'], { exchanges: [listExchange] });
    assert.match(piped.stdout, /^environments\/production\/payments\/database\/primary-credentials +3 /m);
  });

  test('colour is decided per stream: nothing bold into a pipe when only stderr is a terminal', async () => {
    const piped = await offline(['secrets', 'list', '--limit', '5'], { exchanges: [listExchange], tty: { stderr: true } });
    assert.doesNotMatch(piped.stdout, /\u001b\[/);
    const terminal = await offline(['secrets', 'list', '--limit', '5'], { exchanges: [listExchange], tty: { stdout: true } });
    assert.match(terminal.stdout, /^\u001b\[1mPATH/);
    const noColor = await offline(['secrets', 'list', '--limit', '5'], {
      exchanges: [listExchange],
      tty: { stdout: true },
      env: { NO_COLOR: '1' },
    });
    assert.doesNotMatch(noColor.stdout, /\u001b\[/);
    // An error on a terminal stderr is red; into a pipe it is plain.
    assert.match((await offline(['nope'], { tty: { stderr: true } })).stderr, /^\u001b\[31merror:/);
    assert.match((await offline(['nope'], { tty: { stdout: true } })).stderr, /^error:/);
  });
});

describe('connection flags on API commands', () => {
  test('--url, --tenant and --partner target one call without editing config', async () => {
    const { home, cleanup } = tempHome('sv-connection-');
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('http://other.test')
      .intercept({ method: 'GET', path: '/v1/secrets/app/x', headers: { 'x-tenant-id': 'tnt_other', 'x-partner-id': 'ptn_acme' } })
      .reply(200, JSON.stringify({ ...SECRET, path: 'app/x', data: { k: 'v' } }), { headers: { 'content-type': 'application/json' } });
    try {
      const result = await runCli(
        ['secrets', 'read', 'app/x', '--field', 'k', '--url', 'http://other.test', '--tenant', 'tnt_other', '--partner', 'ptn_acme'],
        {
          distribution,
          env: { SCAIVAULT_HOME: home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: FIXTURE_TOKEN },
          dispatcher: agent,
        },
      );
      assert.deepEqual([result.exitCode, result.stdout, result.stderr], [0, 'v', '']);
      agent.assertNoPendingInterceptors();
    } finally {
      await agent.close();
      cleanup();
    }
  });

  test('a bad --url is exit 5 before any request', async () => {
    assertBadInput(await offline(['secrets', 'read', 'app/x', '--url', 'not a url']), /invalid value for --url/);
  });

  test('the flags are offered by API commands, not by local ones', async () => {
    assert.match((await offline(['secrets', 'read', '--help'])).stdout, /Connection options:\n {2}--url <url>/);
    assert.doesNotMatch((await offline(['plugins', 'list', '--help'])).stdout, /--url/);
  });
});

describe('completion', () => {
  const complete = async (...words: string[]) => (await offline(['__complete', '--', ...words])).stdout;

  test('completes the shell of `completion <shell>`', async () => {
    assert.equal(await complete('completion', ''), 'bash\nfish\nzsh\n');
    assert.equal(await complete('completion', 'z'), 'zsh\n');
  });

  test('offers no flags where an option value is expected', async () => {
    assert.equal(await complete('secrets', 'read', 'app/x', '--version', ''), '');
    assert.equal(await complete('secrets', 'read', 'app/x', '--field', '--'), '');
    assert.match(await complete('secrets', 'read', 'app/x', '--'), /^--field$/m);
  });
});

describe('Ctrl-C', () => {
  test('at a prompt it exits 130', async () => {
    const interrupted: Prompt = {
      interactive: true,
      confirm: async () => {
        throw new InterruptedError();
      },
      secret: async () => {
        throw new InterruptedError();
      },
    };
    const result = await offline(['secrets', 'delete', 'app/x', '--hard'], { prompt: interrupted });
    assert.deepEqual([result.exitCode, result.stdout, result.stderr], [130, '', 'error: interrupted\n']);
  });
});
