import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURE_ORIGIN, FIXTURE_TOKEN, assertBadInput, runCli } from '@scaivault/core/testing';
import { MockAgent } from '@scaivault/core/undici';
import { REPO, bundledDistribution, connectToMcp } from './stream-client.js';

const home = mkdtempSync(join(tmpdir(), 'sv-mcp-'));
const env = { SCAIVAULT_HOME: home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: FIXTURE_TOKEN };
after(() => rmSync(home, { recursive: true, force: true }));

before(async () => {
  // A third-party plugin, linked as a developer would: its commands must become tools too.
  const linked = await runCli(['plugins', 'link', join(REPO, 'docs', 'examples', 'plugin-hello')], {
    distribution: bundledDistribution(),
    env,
  });
  assert.equal(linked.exitCode, 0, linked.stderr);
});

/** A strict replay: every request must match one of `exchanges`, and carry the MCP user agent. */
function replay(exchanges: Array<{ method: string; path: string; body?: unknown; status: number; reply: unknown }>) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const userAgents: string[] = [];
  const pool = agent.get(FIXTURE_ORIGIN);
  for (const exchange of exchanges) {
    pool
      .intercept({
        method: exchange.method,
        path: exchange.path,
        headers: (headers: Record<string, string>) => {
          userAgents.push(headers['user-agent'] ?? '');
          return true;
        },
        ...(exchange.body === undefined
          ? {}
          : { body: (text: string) => JSON.stringify(JSON.parse(text)) === JSON.stringify(exchange.body) }),
      })
      .reply(exchange.status, JSON.stringify(exchange.reply), { headers: { 'content-type': 'application/json' } });
  }
  return { agent, userAgents };
}

const SECRET = {
  path: 'app/db',
  secret_type: 'kv',
  version: 3,
  metadata: { owner: 'team-a' },
  max_versions: 10,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  expires_at: null,
  rotation_policy_id: null,
  secret_policy_id: null,
  version_created_at: '2026-01-01T00:00:00.000Z',
  data: { username: 'admin', password: 'hunter2-value' },
};

type Tool = {
  name: string;
  inputSchema: { properties?: Record<string, { type?: string; items?: unknown }>; required?: string[] };
  annotations?: Record<string, unknown>;
};

describe('tools/list', () => {
  test('by default: the commands that read, from core, every bundled plugin and a linked one; none that write', async () => {
    const mcp = await connectToMcp([], { env });
    try {
      const { tools } = (await mcp.client.listTools()) as { tools: Tool[] };
      const names = tools.map((tool) => tool.name);
      for (const name of [
        'secrets_read',
        'secrets_list',
        'config_get',
        'auth_whoami',
        'audit_query',
        'pki_ca_list',
        'dynamic_leases_list',
        'hello_greet',
      ])
        assert.ok(names.includes(name), `${name} is offered`);
      for (const name of ['secrets_write', 'secrets_delete', 'pki_certs_issue', 'dynamic_creds', 'config_set', 'mcp', 'dev', 'auth_login'])
        assert.ok(!names.includes(name), `${name} is not offered`);
      const read = tools.find((tool) => tool.name === 'secrets_read')!;
      assert.deepEqual(read.inputSchema, {
        type: 'object',
        properties: {
          path: { type: 'string' },
          tenant: { type: 'string', description: 'Act in this tenant, for partner admins (overrides tenant_id)' },
          partner: { type: 'string', description: 'Act as this partner (overrides partner_id)' },
          version: { type: 'string', description: 'Read this version instead of the current one' },
        },
        required: ['path'],
        additionalProperties: false,
      });
      assert.equal(read.annotations?.readOnlyHint, true);
      const greet = tools.find((tool) => tool.name === 'hello_greet')!;
      assert.deepEqual(greet.inputSchema.required, ['name']);
      assert.equal(greet.inputSchema.properties?.shout?.type, 'boolean');
    } finally {
      assert.equal(await mcp.close(), 0);
    }
  });

  test('--allow-write adds writing and destroying tools, with arrays for repeatable options and rest arguments', async () => {
    const mcp = await connectToMcp(['--allow-write'], { env });
    try {
      const { tools } = (await mcp.client.listTools()) as { tools: Tool[] };
      const byName = new Map(tools.map((tool) => [tool.name, tool]));
      assert.deepEqual(byName.get('secrets_write')!.inputSchema.properties!.key_value, {
        type: 'array',
        items: { type: 'string' },
        description: 'key=value ... (one value each, in order)',
      });
      assert.deepEqual(byName.get('pki_certs_issue')!.inputSchema.properties!.san!.type, 'array');
      assert.equal(byName.get('secrets_delete')!.annotations?.destructiveHint, true);
      assert.equal(byName.get('secrets_write')!.annotations?.readOnlyHint, false);
      // A tool call must return: `--follow` never would.
      assert.ok(!('follow' in byName.get('subscriptions_poll')!.inputSchema.properties!));
      assert.ok(byName.has('plugins_link') && !byName.has('dev') && !byName.has('mcp'));
    } finally {
      await mcp.close();
    }
  });

  test('--allow-tools and --deny-tools narrow the list by globs, and never widen it past --allow-write', async () => {
    const mcp = await connectToMcp(['--allow-tools', 'secrets_*,hello greet', '--deny-tools', 'secrets_l*'], { env });
    try {
      const names = ((await mcp.client.listTools()) as { tools: Tool[] }).tools.map((tool) => tool.name).sort();
      assert.deepEqual(names, ['hello_greet', 'secrets_expiring', 'secrets_read', 'secrets_versions']);
    } finally {
      await mcp.close();
    }
  });
});

describe('tools/call', () => {
  test('secrets_read returns the secret with its values redacted, as the MCP user agent', async () => {
    const { agent, userAgents } = replay([{ method: 'GET', path: '/v1/secrets/app/db', status: 200, reply: SECRET }]);
    const mcp = await connectToMcp([], { env, dispatcher: agent });
    try {
      const result = (await mcp.client.callTool({ name: 'secrets_read', arguments: { path: 'app/db' } })) as {
        isError: boolean;
        content: Array<{ text: string }>;
      };
      assert.equal(result.isError, false);
      const secret = JSON.parse(result.content[0]!.text);
      assert.deepEqual(secret.data, { username: '[redacted]', password: '[redacted]' });
      assert.deepEqual([secret.path, secret.version, secret.metadata], ['app/db', 3, { owner: 'team-a' }]);
      assert.ok(!JSON.stringify(result).includes('hunter2-value'), 'the value appears nowhere in the result');
      assert.match(result.content[1]!.text, /--allow-reveal/);
      assert.deepEqual(
        [...new Set(userAgents)].map((agent) => /^scaivault-mcp\/\d+\.\d+\.\d+ \(scaivault-test-client\/1\.0\.0\)$/.test(agent)),
        [true],
      );
      agent.assertNoPendingInterceptors();
    } finally {
      await mcp.close();
      await agent.close();
    }
  });

  test('with --allow-reveal the values come back as the command printed them', async () => {
    const { agent } = replay([{ method: 'GET', path: '/v1/secrets/app/db?version=2', status: 200, reply: { ...SECRET, version: 2 } }]);
    const mcp = await connectToMcp(['--allow-reveal'], { env, dispatcher: agent });
    try {
      // A number for an option that takes text is taken as that text.
      const result = (await mcp.client.callTool({ name: 'secrets_read', arguments: { path: 'app/db', version: 2 } })) as {
        content: Array<{ text: string }>;
      };
      assert.deepEqual(JSON.parse(result.content[0]!.text).data, SECRET.data);
      assert.equal(result.content.length, 1);
    } finally {
      await mcp.close();
      await agent.close();
    }
  });

  test('a write tool is refused unless the server allows writes; with --allow-write it sends what the arguments say', async () => {
    const readOnly = await connectToMcp([], { env });
    try {
      const refused = (await readOnly.client.callTool({ name: 'secrets_write', arguments: { path: 'app/db', key_value: ['a=1'] } })) as {
        isError: boolean;
        content: Array<{ text: string }>;
      };
      assert.equal(refused.isError, true);
      assert.match(refused.content[0]!.text, /no tool named "secrets_write"/);
    } finally {
      await readOnly.close();
    }

    const written = { ...SECRET, data: undefined, version: 4 };
    const { agent } = replay([
      // A value that looks like an option reaches the command as a value.
      {
        method: 'PUT',
        path: '/v1/secrets/app/db',
        body: { data: { username: 'admin', note: '--help' }, secret_type: 'kv' },
        status: 200,
        reply: written,
      },
    ]);
    const mcp = await connectToMcp(['--allow-write'], { env, dispatcher: agent });
    try {
      const result = (await mcp.client.callTool({
        name: 'secrets_write',
        arguments: { path: 'app/db', key_value: ['username=admin', 'note=--help'] },
      })) as { isError: boolean; content: Array<{ text: string }> };
      assert.equal(result.isError, false, result.content[0]?.text);
      assert.equal(JSON.parse(result.content[0]!.text).version, 4);
      agent.assertNoPendingInterceptors();
    } finally {
      await mcp.close();
      await agent.close();
    }
  });

  test("a command's failure is an error result with its code and exit code; bad arguments send nothing", async () => {
    const { agent } = replay([
      {
        method: 'GET',
        path: '/v1/secrets/app/missing',
        status: 404,
        reply: { error: { code: 'secret_not_found', message: 'Secret not found' } },
      },
    ]);
    const mcp = await connectToMcp([], { env, dispatcher: agent });
    try {
      const missing = (await mcp.client.callTool({ name: 'secrets_read', arguments: { path: 'app/missing' } })) as {
        isError: boolean;
        content: Array<{ text: string }>;
      };
      assert.equal(missing.isError, true);
      const body = JSON.parse(missing.content[0]!.text);
      assert.deepEqual([body.error.code, body.exit_code], ['secret_not_found', 4]);

      for (const [args, says] of [
        [{}, /missing argument "path"/],
        [{ path: 'app/db', colour: 'red' }, /unknown argument "colour"/],
        [{ path: 'app/db', version: { n: 2 } }, /"version" must be a string/],
        [{ path: 'app/db', version: 2, tenant: true }, /"tenant" must be a string/],
      ] as const) {
        const bad = (await mcp.client.callTool({ name: 'secrets_read', arguments: args })) as {
          isError: boolean;
          content: Array<{ text: string }>;
        };
        assert.equal(bad.isError, true);
        assert.match(JSON.parse(bad.content[0]!.text).error.message, says);
      }
      agent.assertNoPendingInterceptors();
    } finally {
      await mcp.close();
      await agent.close();
    }
  });

  test("a linked plugin's command runs as a tool", async () => {
    const mcp = await connectToMcp([], { env });
    try {
      const result = (await mcp.client.callTool({ name: 'hello_greet', arguments: { name: 'Ada', shout: true } })) as {
        content: Array<{ text: string }>;
      };
      assert.deepEqual(JSON.parse(result.content[0]!.text), { greeting: 'HELLO, ADA!' });
    } finally {
      await mcp.close();
    }
  });
});

describe('scaivault mcp on the command line', () => {
  const distribution = bundledDistribution();

  test('--list-tools prints the tools and their effects without serving', async () => {
    const result = await runCli(['mcp', '--allow-tools', 'secrets_*', '--list-tools'], { distribution, env });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^secrets_read +reveal +scaivault secrets read$/m);
    assert.doesNotMatch(result.stdout, /secrets_write/);
  });

  test('a bad glob is exit 5 with one line naming the flag', async () => {
    assertBadInput(await runCli(['mcp', '--deny-tools', 'secrets/read'], { distribution, env }), /invalid --deny-tools "secrets\/read"/);
    assertBadInput(await runCli(['mcp', '--allow-tools', ','], { distribution, env }), /invalid --allow-tools: an empty tool name/);
  });
});
