import { PlainCommand, Tokens } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { toolCatalog } from '../tools/tool-catalog.js';
import { selectTools } from '../tools/tool-selection.js';

export class McpCommand extends PlainCommand {
  static override paths = [['mcp']];
  static override effect = 'read' as const;
  static override tool = false as const;
  static override placeholders = { '--allow-tools': 'globs', '--deny-tools': 'globs' };

  static override usage = PlainCommand.Usage({
    category: 'MCP',
    description: 'Serve the installed commands as MCP tools over stdio',
    details: `
      An MCP client (an AI assistant, an IDE) starts \`scaivault mcp\` and talks to it on stdin and stdout. Every
      installed command — core's, every bundled plugin's and every plugin you installed or linked — is a tool named
      after its path (\`secrets_read\`, \`pki_certs_issue\`), its input schema made from the command's arguments and
      options. A call runs the command with your own configuration, token and access policies, and the audit trail
      records it with the user agent \`scaivault-mcp/<version>\`.

      Safe by default, because the caller is a model: only commands that read are offered; secret values
      (\`secrets read\`, \`dynamic creds\`, \`service-accounts create-key\`...) come back as "[redacted]" unless
      \`--allow-reveal\` is given; commands that write or delete are offered only with \`--allow-write\`. A command
      whose plugin declares no effect counts as writing. \`--allow-tools\` and \`--deny-tools\` take tool names or
      globs (comma-separated or repeated) and narrow the list further; \`--list-tools\` prints it and exits.
    `,
    examples: [
      ['Read-only tools (the default)', 'scaivault mcp'],
      ['Also let the model change things, but never delete a secret', "scaivault mcp --allow-write --deny-tools 'secrets_delete'"],
      ['Only the secrets tools, with their values', "scaivault mcp --allow-tools 'secrets_*' --allow-reveal"],
      ['See which tools a client would get', 'scaivault mcp --allow-write --list-tools'],
      ['Try it with the MCP Inspector', 'npx @modelcontextprotocol/inspector --cli scaivault mcp --method tools/list'],
    ],
  });

  allowWrite = Option.Boolean('--allow-write', false, { description: 'Also offer the commands that write or delete' });
  allowReveal = Option.Boolean('--allow-reveal', false, { description: 'Return secret values instead of "[redacted]"' });
  allowTools = Option.Array('--allow-tools', [], { description: 'Offer only the tools matching these names or globs' });
  denyTools = Option.Array('--deny-tools', [], { description: 'Never offer the tools matching these names or globs' });
  listTools = Option.Boolean('--list-tools', false, { description: 'Print the tools that would be offered, and exit' });

  async execute(): Promise<number> {
    const host = this.resolve(Tokens.PluginHost);
    const tools = selectTools(toolCatalog(host.index.plugins), {
      allowWrite: this.allowWrite,
      allowReveal: this.allowReveal,
      allowTools: this.allowTools,
      denyTools: this.denyTools,
    });
    if (this.listTools) {
      const width = Math.max(0, ...tools.map((tool) => tool.name.length));
      this.context.stdout.write(tools.map((tool) => `${tool.name.padEnd(width)}  ${tool.effect.padEnd(7)}  ${tool.title}\n`).join(''));
      return 0;
    }
    if ((this.context.stdin as { isTTY?: boolean }).isTTY) {
      this.context.stderr.write('scaivault mcp speaks the Model Context Protocol on stdin and stdout: start it from an MCP client\n');
    }
    // The SDK loads only here, never for any other command.
    const { serveStdio } = await import('../server/serve-stdio.js');
    await serveStdio(
      {
        version: host.distribution.version,
        tools,
        runner: { invoke: (invocation) => host.invoke(invocation), env: this.context.env, allowReveal: this.allowReveal },
      },
      this.context.stdin,
      this.context.stdout,
    );
    return 0;
  }
}
