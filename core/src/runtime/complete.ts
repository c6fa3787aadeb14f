import { optionSyntax } from '../help/option-syntax.js';
import type { PluginIndex } from '../loader/plugin-index.js';

/**
 * The fixed choices of positional arguments, by command path. Only core's own commands are listed:
 * the manifest does not carry a plugin's value validators.
 */
const POSITIONAL_CHOICES: Readonly<Record<string, readonly string[]>> = {
  completion: ['bash', 'zsh', 'fish'],
};

/**
 * Shell completion: given the words typed so far (the last one possibly partial), the candidates
 * for the last word, one per line. Answers from the index alone, so it costs no plugin import.
 */
export function completeWords(index: PluginIndex, typed: readonly string[]): string {
  const words = typed[0] === '--' ? typed.slice(1) : [...typed];
  const partial = words.pop() ?? '';
  const candidates = new Set<string>();
  const match = index.match(words);
  if (match && match.command.path.length <= words.length) {
    const options = match.command.options.map(optionSyntax);
    const previous = words[words.length - 1];
    // After an option that takes a value, the shell is completing that value: no flags there.
    const awaitingValue = previous !== undefined && options.some((option) => option.takesValue && option.names.includes(previous));
    if (awaitingValue) return '';
    const args = words.slice(match.command.path.length).filter((word) => !word.startsWith('-'));
    const choices = POSITIONAL_CHOICES[match.command.path.join(' ')];
    if (choices && args.length === 0 && !partial.startsWith('-')) {
      for (const choice of choices) candidates.add(choice);
    } else {
      for (const option of options) for (const name of option.names) candidates.add(name);
      candidates.add('--help');
    }
  } else {
    for (const { command } of index.commandsUnder(words)) {
      const next = command.path[words.length];
      if (next !== undefined) candidates.add(next);
    }
  }
  const found = [...candidates].filter((candidate) => candidate.startsWith(partial)).sort();
  return found.length > 0 ? `${found.join('\n')}\n` : '';
}
