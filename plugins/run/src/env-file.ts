import { UsageError } from '@scaivault/core';
import { parseReference, requireEnvName, type EnvBinding } from './references.js';

const SCHEME = 'scaivault://';

/**
 * An env file of references: `NAME=scaivault://path#field` (or `scaivault://dynamic:engine/role#field`)
 * per line, `# comments`, blank lines, an optional `export ` and quotes around the value. It says
 * where values come from without holding any, so it can be committed; a line that holds a value
 * rather than a reference is refused, so a secret pasted into it is noticed rather than used.
 */
export function parseEnvFile(text: string, file: string): EnvBinding[] {
  const bindings: EnvBinding[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const where = `${file}:${index + 1}`;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const statement = line.startsWith('export ') ? line.slice('export '.length).trimStart() : line;
    const at = statement.indexOf('=');
    if (at <= 0) throw new UsageError(`${where}: expected NAME=scaivault://path#field`);
    const name = requireEnvName(statement.slice(0, at).trim(), where);
    const value = unquote(statement.slice(at + 1).trim(), where);
    if (!value.startsWith(SCHEME))
      throw new UsageError(
        `${where}: the value of ${name} is not a scaivault:// reference`,
        'an env file holds references only, e.g. DB_PASSWORD=scaivault://app/db#password',
      );
    bindings.push({ name, reference: parseReference(value.slice(SCHEME.length), where) });
  });
  return bindings;
}

function unquote(value: string, where: string): string {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value.replace(/\s+#.*$/, '');
  const end = value.indexOf(quote, 1);
  if (end < 0) throw new UsageError(`${where}: unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (
    value.slice(end + 1).trim() !== '' &&
    !value
      .slice(end + 1)
      .trim()
      .startsWith('#')
  )
    throw new UsageError(`${where}: unexpected text after the closing quote`);
  return value.slice(1, end);
}
