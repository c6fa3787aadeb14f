// `scaivault mcp` as a real MCP client sees it: the official MCP Inspector's CLI mode starts the built
// binary as its stdio server, against a real local ScaiVault, and lists and calls tools.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ScaiVaultClient } from '@scaivault/sdk';
import { startServer, type RunningServer } from '@scaivault/server';
import { runCli } from '@scaivault/core/testing';
import { BIN, REPO, bundledDistribution, tempHome } from './workspace.js';

// The Inspector's own launcher (its package's bin), from the workspace's devDependencies.
const INSPECTOR = join(
  dirname(createRequire(join(REPO, 'plugins', 'mcp', 'package.json')).resolve('@modelcontextprotocol/inspector/package.json')),
  'cli',
  'build',
  'cli.js',
);

/** Runs `mcp-inspector --cli scaivault mcp <flags> <inspector args>` and parses what it prints. */
function inspect(home: string, mcpFlags: string[], args: string[]): Promise<{ status: number | null; json: unknown; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Only SCAIVAULT_HOME is passed: the URL and token come from the user's own stored configuration.
    const child = spawn(
      process.execPath,
      [INSPECTOR, '--cli', '-e', `SCAIVAULT_HOME=${home}`, process.execPath, BIN, 'mcp', ...mcpFlags, ...args],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve({ status, json: JSON.parse(stdout), stderr });
      } catch {
        reject(new Error(`the inspector printed no JSON (exit ${status}): ${stdout}\n${stderr}`));
      }
    });
  });
}

type ToolList = { tools: Array<{ name: string; inputSchema: { required?: string[] } }> };
type CallResult = { isError?: boolean; content: Array<{ type: string; text: string }> };

describe('the MCP Inspector against scaivault mcp and a real local server', () => {
  let server: RunningServer;
  const { home, cleanup } = tempHome('sv-inspector-');
  before(async () => {
    server = await startServer({ port: 0, logger: () => {} });
    const distribution = bundledDistribution();
    const env = { SCAIVAULT_HOME: home };
    assert.equal((await runCli(['config', 'set', 'base_url', server.url], { distribution, env })).exitCode, 0);
    const login = await runCli(['auth', 'login', '--token', '-'], { distribution, env, stdin: server.rootToken });
    assert.equal(login.exitCode, 0, login.stderr);
    const client = new ScaiVaultClient({ baseUrl: server.url, token: server.rootToken });
    await client.secrets.write('app/db', { username: 'admin', password: 'inspector-pw-value' });
    await client.close();
  });
  after(async () => {
    await server.close();
    cleanup();
  });

  test('tools/list offers the reading tools with their schemas, and no writing ones', async () => {
    const { status, json } = await inspect(home, [], ['--method', 'tools/list']);
    assert.equal(status, 0);
    const tools = (json as ToolList).tools;
    const read = tools.find((tool) => tool.name === 'secrets_read');
    assert.deepEqual(read?.inputSchema.required, ['path']);
    assert.ok(tools.some((tool) => tool.name === 'audit_query'));
    assert.ok(!tools.some((tool) => tool.name === 'secrets_write' || tool.name === 'secrets_delete'));
  });

  test('tools/call secrets_read answers with the values redacted, and the audit trail names the MCP server', async () => {
    const { status, json } = await inspect(
      home,
      [],
      ['--method', 'tools/call', '--tool-name', 'secrets_read', '--tool-arg', 'path=app/db'],
    );
    assert.equal(status, 0);
    const result = json as CallResult;
    assert.equal(result.isError, false);
    assert.deepEqual(JSON.parse(result.content[0]!.text).data, { username: '[redacted]', password: '[redacted]' });
    assert.ok(!JSON.stringify(result).includes('inspector-pw-value'));

    const client = new ScaiVaultClient({ baseUrl: server.url, token: server.rootToken });
    const { logs } = await client.audit.query({ pathPrefix: 'app/db', action: 'read' });
    await client.close();
    assert.ok(
      logs.some((entry) => /^scaivault-mcp\/\d+\.\d+\.\d+ \(inspector/.test(entry.user_agent ?? '')),
      `the read is audited as the MCP server: ${JSON.stringify(logs.map((entry) => entry.user_agent))}`,
    );
  });

  test('with --allow-write --allow-reveal a write and a read go through, values and all', async () => {
    const written = await inspect(
      home,
      ['--allow-write', '--allow-reveal'],
      ['--method', 'tools/call', '--tool-name', 'secrets_write', '--tool-arg', 'path=app/new', '--tool-arg', 'key_value=["token=abc-123"]'],
    );
    assert.equal((written.json as CallResult).isError, false, JSON.stringify(written.json));
    const read = await inspect(
      home,
      ['--allow-reveal'],
      ['--method', 'tools/call', '--tool-name', 'secrets_read', '--tool-arg', 'path=app/new'],
    );
    assert.deepEqual(JSON.parse((read.json as CallResult).content[0]!.text).data, { token: 'abc-123' });
  });

  test('a tool the server does not offer is refused', async () => {
    const { json } = await inspect(home, [], ['--method', 'tools/call', '--tool-name', 'secrets_delete', '--tool-arg', 'path=app/db']);
    const result = json as CallResult;
    assert.equal(result.isError, true);
    assert.match(result.content[0]!.text, /no tool named "secrets_delete"/);
  });
});
