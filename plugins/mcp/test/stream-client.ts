// An MCP client (the SDK's own) connected to `scaivault mcp` running in this process, over a pair of
// streams in place of a child's stdin and stdout: the command, its flags and its nested runs are the real ones.
import { PassThrough, Writable } from 'node:stream';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { run, type Distribution } from '@scaivault/core/runtime';
import type { Dispatcher } from '@scaivault/core/undici';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The distribution the `scaivault` binary runs as: core and every bundled plugin. */
export function bundledDistribution(): Distribution {
  const pkg = JSON.parse(readFileSync(join(REPO, 'cli', 'package.json'), 'utf8'));
  return { dir: join(REPO, 'cli'), name: pkg.name, version: pkg.version, plugins: pkg.scaivault.plugins };
}

class StreamTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly buffer = new ReadBuffer();

  constructor(
    private readonly input: PassThrough,
    private readonly output: PassThrough,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', (chunk: Buffer) => {
      this.buffer.append(chunk);
      for (let message = this.buffer.readMessage(); message !== null; message = this.buffer.readMessage()) this.onmessage?.(message);
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.output.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    this.output.end();
    this.onclose?.();
  }
}

class Collected extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface Connected {
  client: Client;
  stderr: Collected;
  /** Closes the client's end; resolves to the command's exit code once the server has stopped. */
  close(): Promise<number>;
}

/** Starts `scaivault mcp <flags>` in-process and connects a client to it. */
export async function connectToMcp(
  flags: readonly string[],
  options: { env: Record<string, string>; dispatcher?: Dispatcher; distribution?: Distribution },
): Promise<Connected> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const stderr = new Collected();
  const exit = run({
    argv: ['mcp', ...flags],
    env: options.env,
    stdin: toServer,
    stdout: fromServer,
    stderr,
    distribution: options.distribution ?? bundledDistribution(),
    homedir: '/nonexistent-home',
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const client = new Client({ name: 'scaivault-test-client', version: '1.0.0' });
  await client.connect(new StreamTransport(fromServer, toServer));
  return {
    client,
    stderr,
    close: async () => {
      await client.close();
      return exit;
    },
  };
}
