import type { PluginIndex } from '../loader/plugin-index.js';

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
    for (const option of match.command.options) {
      for (const name of option.definition.split(/[\s,]+/)) if (name.startsWith('-')) candidates.add(name.replace(/[=<].*$/, ''));
    }
    candidates.add('--help');
  } else {
    for (const { command } of index.commandsUnder(words)) {
      const next = command.path[words.length];
      if (next !== undefined) candidates.add(next);
    }
  }
  const found = [...candidates].filter((candidate) => candidate.startsWith(partial)).sort();
  return found.length > 0 ? `${found.join('\n')}\n` : '';
}
