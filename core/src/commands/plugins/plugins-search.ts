import { Option } from 'clipanion';
import { Tokens } from '../../di/tokens.js';
import { LocalCommand } from '../../plugin/scaivault-command.js';
import { pluginsHome } from '../../runtime/plugin-sources.js';
import { runNpm } from './npm.js';

/** The npm keyword every scaivault plugin carries, and the one thing search trusts. */
export const PLUGIN_KEYWORD = 'scaivault-plugin';

interface SearchResult {
  name?: unknown;
  version?: unknown;
  description?: unknown;
  keywords?: unknown;
  'dist-tags'?: { latest?: unknown };
}

export class PluginsSearchCommand extends LocalCommand {
  static override paths = [['plugins', 'search']];
  static override effect = 'read' as const;

  static override usage = LocalCommand.Usage({
    category: 'Plugins',
    description: 'Search the registry for scaivault plugins',
    details: `
      Asks npm's configured registry for packages with the \`${PLUGIN_KEYWORD}\` keyword (a registry that does not
      understand \`keywords:\` searches is asked for "scaivault plugin" instead, and the keyword checked here), keeping
      those whose name, description or keywords hold every TERM. Install one with \`scaivault plugins install NAME\`.
    `,
    examples: [
      ['Every plugin the registry knows', 'scaivault plugins search'],
      ['Plugins about inventories', 'scaivault plugins search inventory --json'],
    ],
  });

  terms = Option.Rest({ name: 'term' });

  async execute(): Promise<number> {
    const host = this.resolve(Tokens.PluginHost);
    const env = this.resolve(Tokens.Env);
    const home = pluginsHome(host.home);
    this.resolve(Tokens.FileSystem).mkdirSync(home, { recursive: true, mode: 0o700 });
    const search = async (query: string[]) =>
      JSON.parse((await runNpm(['search', '--json', '--searchlimit=250', ...query], home, env)) || '[]') as SearchResult[];
    let found = await search([`keywords:${PLUGIN_KEYWORD}`, ...this.terms]);
    if (found.length === 0) found = await search(['scaivault', 'plugin', ...this.terms]);
    const terms = this.terms.map((term) => term.toLowerCase());
    const plugins = found
      .filter((result) => typeof result.name === 'string' && Array.isArray(result.keywords) && result.keywords.includes(PLUGIN_KEYWORD))
      .map((result) => ({
        name: result.name as string,
        version: String(result.version ?? result['dist-tags']?.latest ?? ''),
        description: typeof result.description === 'string' ? result.description : '',
        keywords: result.keywords as string[],
      }))
      .filter((plugin) =>
        terms.every((term) => [plugin.name, plugin.description, ...plugin.keywords].some((text) => text.toLowerCase().includes(term))),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    this.output.list(
      'plugins',
      plugins.map(({ name, version, description }) => ({ name, version, description })),
      [
        { header: 'name', value: (p) => p.name },
        { header: 'version', value: (p) => p.version },
        { header: 'description', value: (p) => p.description },
      ],
    );
    return 0;
  }
}
