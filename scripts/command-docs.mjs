#!/usr/bin/env node
// Generates docs/commands/<group>.md from the plugins' manifests — which are generated from the
// command classes themselves — so the reference never drifts from the code. `--check` fails when
// a committed page is stale.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const outDir = join(root, 'docs', 'commands');
// The reference names option values the way `--help` does (`--field <name>`), from the same rules.
const { formatOption, optionSyntax, usageLine } = await import(
  pathToFileURL(join(root, 'core', 'dist', 'src', 'help', 'option-syntax.js')).href
);

function manifestOf(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.scaivault?.manifest) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, pkg.scaivault.manifest), 'utf8'));
  return { pkg, manifest };
}

function page(group, plugin) {
  const { pkg, manifest } = plugin;
  const commands = manifest.commands.filter((command) => command.path[0] === group);
  const lines = [`# scaivault ${group}`, '', `Provided by \`${pkg.name}\` ${pkg.version}. ${pkg.description ?? ''}`.trim(), ''];
  lines.push('| command | what it does |', '|---|---|');
  for (const command of commands)
    lines.push(`| [\`${command.path.join(' ')}\`](#${command.path.join('-')}) | ${command.description ?? ''} |`);
  for (const command of commands) {
    lines.push('', `## ${command.path.join(' ')}`, '', command.description ?? '', '');
    lines.push('```', usageLine('scaivault', command), '```', '');
    if (command.details) lines.push(command.details.replace(/\n(?!\n)/g, ' ').replace(/ {2,}/g, ' '), '');
    if (command.options.length > 0) {
      lines.push('| option | description |', '|---|---|');
      for (const option of command.options)
        lines.push(
          `| \`${formatOption(optionSyntax(option)).replace(/\|/g, '\\|')}\` | ${option.description ?? ''}${option.required ? ' (required)' : ''} |`,
        );
      lines.push('');
    }
    if (command.examples?.length) {
      lines.push('Examples:', '');
      for (const [text, example] of command.examples)
        lines.push(`- ${text}`, '', '  ```sh', `  ${example.replace(/\$0/g, 'scaivault')}`, '  ```', '');
    }
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

const plugins = [];
const core = manifestOf(join(root, 'core'));
if (core) plugins.push(core);
for (const name of readdirSync(join(root, 'plugins')).sort()) {
  const dir = join(root, 'plugins', name);
  if (existsSync(join(dir, 'package.json'))) {
    try {
      const plugin = manifestOf(dir);
      if (plugin) plugins.push(plugin);
    } catch {
      // A plugin that is not built yet has no manifest to document.
    }
  }
}

mkdirSync(outDir, { recursive: true });
let stale = 0;
const index = ['# Command reference', '', 'Generated from the command definitions by `npm run docs`.', ''];
for (const plugin of plugins) {
  const groups = [...new Set(plugin.manifest.commands.map((command) => command.path[0]))];
  for (const group of groups) {
    const file = join(outDir, `${group}.md`);
    const text = page(group, plugin);
    index.push(`- [\`scaivault ${group}\`](${group}.md) — ${plugin.pkg.name}`);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(`stale: ${file}`);
      stale++;
    } else {
      writeFileSync(file, text);
    }
  }
}
const indexText = `${index.join('\n')}\n`;
const indexFile = join(outDir, 'README.md');
if ((existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : '') !== indexText) {
  if (check) {
    console.error(`stale: ${indexFile}`);
    stale++;
  } else writeFileSync(indexFile, indexText);
}
if (stale > 0) {
  console.error('the command reference is stale: run npm run docs');
  process.exit(1);
}
