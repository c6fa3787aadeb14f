import { ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';

export class HelloGreetCommand extends ScaiVaultCommand {
  static override paths = [['hello', 'greet']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Hello',
    description: 'Greet someone',
    examples: [
      ['Greet Ada', 'scaivault hello greet Ada'],
      ['Greet loudly, as JSON', 'scaivault hello greet Ada --shout --json'],
    ],
  });

  name = Option.String({ name: 'name' });
  shout = Option.Boolean('--shout', false, { description: 'Greet in capitals' });

  async execute(): Promise<number> {
    if (this.name.trim() === '') throw new UsageError('the name must not be empty');
    const greeting = `Hello, ${this.name}!`;
    const text = this.shout ? greeting.toUpperCase() : greeting;
    this.output.object({ greeting: text }, { human: text });
    return 0;
  }
}
