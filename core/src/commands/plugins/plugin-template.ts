// The files of a new third-party plugin (`scaivault plugins new`): a package that builds, has a
// manifest, a test replaying a recorded exchange, and a README saying how to link, test and publish it.
import { PLUGIN_API_VERSION } from '../../plugin/define-plugin.js';

export interface PluginTemplate {
  /** The command group the plugin adds, e.g. `acme-tools`. */
  group: string;
  /** Its npm package name, e.g. `scaivault-plugin-acme-tools`. */
  packageName: string;
  /** The core version it is made against: the `core` range and the peer dependency start there. */
  coreVersion: string;
}

/** The versions of the build tools a new plugin is set up with (those the official plugins build with). */
export const TEMPLATE_DEV_DEPENDENCIES = { '@types/node': '^20.19.0', typescript: '^7.0.2' };

const IDENTITY = { identity_id: 'user:ada', identity_type: 'user' };

/** Path (relative to the plugin directory) → contents. */
export function pluginTemplate(template: PluginTemplate): Record<string, string> {
  const { group, packageName } = template;
  const coreRange = `^${template.coreVersion}`;
  const className = `${group.replace(/(^|-)([a-z0-9])/g, (_match, _dash: string, letter: string) => letter.toUpperCase())}WhoamiCommand`;
  const title = group.replace(/-/g, ' ').replace(/^./, (letter) => letter.toUpperCase());
  const fixture = (description: string, argv: string[], stdout: string) =>
    json({
      description,
      argv,
      exchanges: [
        {
          request: { method: 'GET', path: '/v1/auth/whoami' },
          response: {
            status: 200,
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body: { ...IDENTITY, tenant_id: 'tnt_example' },
          },
        },
      ],
      expect: { exitCode: 0, stdout, stderr: '' },
    });
  return {
    'package.json': json({
      name: packageName,
      version: '0.1.0',
      description: `scaivault ${group}: commands of your own for the ScaiVault CLI`,
      type: 'module',
      // `scaivault plugins search` finds packages by this keyword.
      keywords: ['scaivault-plugin'],
      engines: { node: '>=20.10' },
      files: ['dist/src', 'dist/manifest.json'],
      scaivault: { apiVersion: PLUGIN_API_VERSION, core: coreRange, entry: './dist/src/index.js', manifest: './dist/manifest.json' },
      scripts: {
        build: 'tsc -p . && scaivault-manifest .',
        test: 'npm run build && node --test dist/test/*.test.js',
      },
      peerDependencies: { '@scaivault/core': coreRange },
      devDependencies: { '@scaivault/core': coreRange, ...TEMPLATE_DEV_DEPENDENCIES },
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'es2022',
        lib: ['es2023'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: ['node'],
        strict: true,
        noImplicitOverride: true,
        useDefineForClassFields: false,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        rootDir: '.',
        outDir: 'dist',
      },
      include: ['src', 'test'],
    }),
    '.gitignore': 'node_modules/\ndist/\n',
    'src/index.ts': `import { definePlugin, PLUGIN_API_VERSION } from '@scaivault/core';
import { ${className} } from './commands/${group}-whoami.js';

export default definePlugin({
  name: '${packageName}',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  commands: [${className}],
});
`,
    [`src/commands/${group}-whoami.ts`]: `import { ScaiVaultCommand } from '@scaivault/core';

/** An example command: it asks the server who the CLI is logged in as. Replace it with your own. */
export class ${className} extends ScaiVaultCommand {
  static override paths = [['${group}', 'whoami']];
  // What running it does, for tools that act for the user (scaivault mcp): read, reveal, write or destroy.
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: '${title}',
    description: 'Show the identity the CLI acts as',
    examples: [
      ['Show who you are', 'scaivault ${group} whoami'],
      ['As JSON', 'scaivault ${group} whoami --json'],
    ],
  });

  async execute(): Promise<number> {
    const client = await this.api();
    const { identity_id, identity_type } = await client.auth.whoami();
    this.output.object({ identity_id, identity_type }, { human: \`\${identity_id} (\${identity_type})\` });
    return 0;
  }
}
`,
    [`test/${group}.test.ts`]: `import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBadInput, localPluginDistribution, runOffline, testFixtures } from '@scaivault/core/testing';

// From dist/test/ back to the package: the CLI runs it as the only plugin it bundles.
const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distribution = localPluginDistribution(pluginDir);

// Each file in test/fixtures/ is a command line, the HTTP exchanges it makes and what it prints.
testFixtures(join(pluginDir, 'test', 'fixtures'), distribution);

test('an argument the command does not take is bad input, and nothing is sent', async () => {
  assertBadInput(await runOffline(['${group}', 'whoami', 'extra'], { distribution }), /unexpected argument "extra"/);
});
`,
    'test/fixtures/whoami-json.json': fixture(
      'whoami --json prints the identity',
      [group, 'whoami', '--json'],
      `${JSON.stringify(IDENTITY, null, 2)}\n`,
    ),
    'test/fixtures/whoami.json': fixture(
      'whoami prints the identity and its type',
      [group, 'whoami'],
      `${IDENTITY.identity_id} (${IDENTITY.identity_type})\n`,
    ),
    'README.md': `# ${packageName}

A [scaivault](https://github.com/scailabs/scaivault) plugin: it adds \`scaivault ${group} ...\`.

\`\`\`sh
npm install                   # @scaivault/core, TypeScript
npm run build                 # tsc, then scaivault-manifest writes dist/manifest.json from the commands
npm test                      # replays test/fixtures/*.json through the real CLI, offline
scaivault plugins link .      # use this working copy from your scaivault
scaivault ${group} whoami
\`\`\`

- **Commands** live in \`src/commands/\`, one per file, listed in \`src/index.ts\`. Each declares its \`effect\`
  (\`read\`, \`reveal\`, \`write\` or \`destroy\`) so \`scaivault mcp\` knows what it may offer; one that declares
  none is treated as writing.
- **Fixtures**: each file in \`test/fixtures/\` holds a command line, the HTTP exchanges it makes (request and the
  server's answer) and exactly what the CLI prints. Record new ones against a local server
  (\`scaivault dev\`), with identifiers and timestamps normalised.
- **Publishing**: bump the version in \`package.json\` and \`src/index.ts\` together (the manifest records it), run
  \`npm test\`, then \`npm publish\`; users run \`scaivault plugins install ${packageName}\`.

See the plugin guide, \`docs/plugins.md\` in the scaivault repository, for the whole plugin API.
`,
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
