// The MCP server itself (the official SDK, loaded only by `scaivault mcp`): tools/list answers from
// the catalog, tools/call runs the command.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ToolSpec } from '../tools/tool-catalog.js';
import { runTool, type ToolRunner } from '../tools/run-tool.js';

export interface ToolServerOptions {
  version: string;
  tools: readonly ToolSpec[];
  /** Everything a call needs but the user agent, which names the connected client once it is known. */
  runner: Omit<ToolRunner, 'userAgent'>;
}

const INSTRUCTIONS = `Each tool runs one scaivault command (ScaiVault secrets, policies, PKI, audit...) with the user's own credentials and access policies; the server decides what is allowed and audits every call.
Tools that would print secret values return them as "[redacted]" unless the user started the server with --allow-reveal; tools that change or delete things are offered only with --allow-write.`;

export function createToolServer(options: ToolServerOptions): Server {
  const server = new Server({ name: 'scaivault', version: options.version }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: options.tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: {
        title: tool.title,
        readOnlyHint: tool.effect === 'read' || tool.effect === 'reveal',
        destructiveHint: tool.effect === 'destroy',
      },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      return {
        isError: true,
        content: [{ type: 'text', text: `no tool named "${request.params.name}" is offered by this server (see tools/list)` }],
      };
    }
    const result = await runTool(tool, request.params.arguments ?? {}, {
      ...options.runner,
      userAgent: userAgentFor(options.version, server),
    });
    return { ...result };
  });
  return server;
}

/** `scaivault-mcp/0.1.0 (claude-desktop/1.2)`: what the audit trail records as the user agent of every call. */
function userAgentFor(version: string, server: Server): string {
  const client = server.getClientVersion();
  const clean = (text: string) => text.replace(/[^A-Za-z0-9._@/+-]/g, '-').slice(0, 64);
  return `scaivault-mcp/${version}${client ? ` (${clean(client.name)}/${clean(client.version)})` : ''}`;
}
