// Core's bundle carries clipanion with a few patches (scripts/clipanion-patches.mjs). The parser's
// patch must change how fast the state machine is built, never what it is: the patched and the
// original core.js build the same machine for commands shaped like ours and parse lines alike.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { REPO } from './workspace.js';

const { patchClipanion } = (await import(pathToFileURL(join(REPO, 'scripts', 'clipanion-patches.mjs')).href)) as {
  patchClipanion: (file: string, source: string) => string;
};

interface CommandBuilder {
  addPath(path: string[]): void;
  addPositional(options?: { name?: string; required?: boolean }): void;
  addRest(options?: { name?: string; required?: number }): void;
  addOption(options: { names: string[]; arity?: number; required?: boolean }): void;
  setContext(context: unknown): void;
}
interface ClipanionCore {
  makeStateMachine(): { nodes: unknown[] };
  makeNode(): unknown;
  injectNode(machine: unknown, node: unknown): number;
  registerDynamic(machine: unknown, from: number, test: unknown, to: number, reducer?: unknown): void;
  registerStatic(machine: unknown, from: number, test: string, to: number, reducer?: unknown): void;
  registerShortcut(machine: unknown, from: number, to: number): void;
  simplifyMachine(machine: unknown): void;
  CliBuilder: new (options: { binaryName: string }) => {
    command(): CommandBuilder;
    compile(): { machine: unknown; process(input: string[]): unknown };
  };
}

const requireFromRepo = createRequire(join(REPO, 'core', 'package.json'));
const originalFile = requireFromRepo.resolve('clipanion/lib/core.js');
const original = requireFromRepo(originalFile) as ClipanionCore;
const patched = ((): ClipanionCore => {
  // Compiled beside the original, so its require('./constants.js') finds clipanion's own files.
  const module = new Module(originalFile) as Module & { _compile(source: string, file: string): void; paths: string[] };
  module.filename = originalFile;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(originalFile));
  module._compile(patchClipanion('core.js', readFileSync(originalFile, 'utf8')), originalFile);
  return module.exports as ClipanionCore;
})();

/** Commands shaped like the CLI's: a path, positionals, a dozen options of each arity, one with a rest. */
function build(clipanion: ClipanionCore) {
  const cli = new clipanion.CliBuilder({ binaryName: 'scaivault' });
  const api = (path: string[], positionals: number, own: string[][]) => {
    const command = cli.command();
    command.addPath(path);
    for (let i = 0; i < positionals; i++) command.addPositional({ name: `arg${i}` });
    for (const names of own) command.addOption({ names, arity: names[0]!.startsWith('--no-') ? 0 : 1 });
    for (const name of ['--json', '--all', '--ndjson']) command.addOption({ names: [name], arity: 0 });
    for (const name of ['--field', '--url', '--tenant', '--partner', '--limit', '--cursor']) command.addOption({ names: [name], arity: 1 });
    command.addOption({ names: ['--ttl', '-t'], arity: 1, required: true });
    command.setContext({});
  };
  api(['secrets', 'read'], 1, [['--version']]);
  api(['secrets', 'list'], 0, [['--prefix'], ['--no-color']]);
  api(['pki', 'certs', 'issue'], 0, [['--common-name'], ['--san'], ['--ip-san']]);
  const run = cli.command();
  run.addPath(['run']);
  run.addOption({ names: ['--env'], arity: 1 });
  run.addRest({ name: 'command', required: 1 });
  run.setContext({});
  return cli.compile();
}

test("the patched parser builds the same state machine as clipanion's own, and parses lines alike", () => {
  const before = build(original);
  const after = build(patched);
  assert.equal(JSON.stringify(after.machine), JSON.stringify(before.machine));
  const lines = [
    ['secrets', 'read', 'app/db', '--field', 'password', '--ttl', '1h'],
    ['secrets', 'list', '--json', '--limit', '5', '--prefix', 'a/', '-t', '2h'],
    ['secrets', 'list', '--ttl=1h', '--no-color', '--all'],
    ['pki', 'certs', 'issue', '--san', 'a.example', '--san', 'b.example', '--ttl', '30d'],
    ['secrets', 'read'],
    ['secrets', 'read', 'a', 'b', '--ttl', '1h'],
    ['secrets', 'list', '--unknown'],
    ['run', '--env', 'A=1', '--', 'node', '-e', '1'],
    ['--json', 'secrets', 'list', '--ttl', '1h'],
  ];
  for (const line of lines) {
    const outcome = (core: typeof before) => {
      try {
        return JSON.stringify(core.process(line));
      } catch (error) {
        return `error: ${(error as Error).message}`;
      }
    };
    assert.equal(outcome(after), outcome(before), line.join(' '));
  }
});

test('folding shortcuts keeps each (test, target) pair once, as the original does, when several paths lead to it', () => {
  const fold = (core: ClipanionCore) => {
    const machine = core.makeStateMachine();
    const [a, b, c, d] = [0, 1, 2, 3].map(() => core.injectNode(machine, core.makeNode())) as [number, number, number, number];
    const isOption = ['isOption', '--json'];
    core.registerDynamic(machine, c, isOption, d, 'pushTrue');
    core.registerDynamic(machine, c, 'isNotOptionLike', d, 'pushPositional');
    core.registerDynamic(machine, a, isOption, d, 'pushTrue');
    core.registerStatic(machine, c, 'list', d, 'pushPath');
    core.registerShortcut(machine, 0, a);
    core.registerShortcut(machine, a, b);
    core.registerShortcut(machine, a, c);
    core.registerShortcut(machine, b, c);
    core.simplifyMachine(machine);
    return JSON.stringify(machine);
  };
  const folded = fold(patched);
  assert.equal(folded, fold(original));
  assert.equal(folded.split('"pushPositional"').length - 1, 4, 'each node reaching c has its dynamic once');
});
