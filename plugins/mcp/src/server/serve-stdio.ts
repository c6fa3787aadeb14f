import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createToolServer, type ToolServerOptions } from './tool-server.js';

/** Serves MCP on the given streams until the client closes its end of stdin. */
export async function serveStdio(options: ToolServerOptions, stdin: Readable, stdout: Writable): Promise<void> {
  const server = createToolServer(options);
  const closed = new Promise<void>((resolve) => {
    stdin.once('end', resolve);
    stdin.once('close', resolve);
    server.onclose = () => resolve();
  });
  await server.connect(new StdioServerTransport(stdin, stdout));
  await closed;
  await server.close();
}
