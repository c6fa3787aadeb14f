import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Option } from 'clipanion';
import { buildManifest } from '../src/loader/build-manifest.js';
import { ScaiVaultCommand } from '../src/plugin/scaivault-command.js';

class IssueCommand extends ScaiVaultCommand {
  static override paths = [['demo', 'issue']];
  static override effect = 'write' as const;
  static override reveals = ['private_key'];
  static override toolOmits = ['--follow'];
  static override usage = ScaiVaultCommand.Usage({ description: 'Issue' });
  ca = Option.String({ name: 'ca-id' });
  role = Option.String({ name: 'role', required: false });
  san = Option.Array('--san', [], { description: 'repeatable' });
  ttl = Option.String('--ttl', { description: 'one value' });
  follow = Option.Boolean('--follow', false);
  async execute(): Promise<number> {
    return 0;
  }
}

class WriteCommand extends ScaiVaultCommand {
  static override paths = [['demo', 'write']];
  static override usage = ScaiVaultCommand.Usage({ description: 'Write' });
  secretPath = Option.String({ name: 'path' });
  pairs = Option.Rest({ name: 'key=value' });
  async execute(): Promise<number> {
    return 0;
  }
}

const manifest = (commands: Array<typeof ScaiVaultCommand>) =>
  buildManifest({ name: 'demo', version: '1.0.0', commands: commands as never }, 'scaivault');

test('the manifest records what a command declares it does, its arguments in order and its repeatable options', () => {
  const [issue, write] = manifest([IssueCommand, WriteCommand]).commands;
  assert.deepEqual(
    [issue!.effect, issue!.reveals, issue!.toolOmits, issue!.tool, issue!.arguments],
    [
      'write',
      ['private_key'],
      ['--follow'],
      undefined,
      [
        { name: 'ca-id', required: true },
        { name: 'role', required: false },
      ],
    ],
  );
  assert.deepEqual(
    issue!.options.filter((option) => option.repeatable).map((option) => option.definition),
    ['--san #0'],
  );
  // Nothing declared: no effect recorded, which readers treat as writing.
  assert.equal(write!.effect, undefined);
  assert.deepEqual(write!.arguments, [
    { name: 'path', required: true },
    { name: 'key=value', required: false, rest: true },
  ]);
});

test('an effect that is not one of the four fails the build, naming the command', () => {
  class Misspelt extends WriteCommand {
    static override effect = 'reads' as never;
  }
  assert.throws(() => manifest([Misspelt]), /Misspelt: effect must be one of read, reveal, write, destroy, not "reads"/);
});
