import type { ManifestCommand } from '../loader/types.js';
import { optionSyntax, positionals, usageLine, type OptionSyntax } from './option-syntax.js';
import { closest } from './suggest.js';

/** What was wrong with a command line, as one sentence and a hint. */
export interface UsageProblem {
  message: string;
  hint: string;
}

// A value that looks like a negative number or duration (`-3`, `-1d`, `-0.5`): clipanion takes it
// for an option, so it never reaches the command's own validation.
const NEGATIVE = /^-\d/;

/**
 * Explains why `args` (what follows the command path) do not fit `command`, from its manifest:
 * the first unknown option, option without a value, negative value, missing or extra argument.
 * Undefined when it finds nothing wrong; the parser's own message is used then.
 */
export function explainUsageError(binaryName: string, command: ManifestCommand, args: readonly string[]): UsageProblem | undefined {
  const invocation = `${binaryName} ${command.path.join(' ')}`;
  const usage = `usage: ${usageLine(binaryName, command)}`;
  const helpHint = `run \`${invocation} --help\``;
  const options = command.options.map(optionSyntax);
  const byName = new Map<string, OptionSyntax>();
  for (const option of options) for (const name of option.names) byName.set(name, option);

  const given: string[] = [];
  const seen = new Set<OptionSyntax>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      given.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || NEGATIVE.test(arg)) {
      given.push(arg);
      continue;
    }
    const [name, inline] = splitInline(arg);
    const option = byName.get(name) ?? shortBundle(name, byName);
    if (!option) {
      const suggestion = closest(
        name,
        [...byName.keys()].filter((known) => known.startsWith('--')),
      );
      return { message: `unknown option ${name}`, hint: suggestion ? `did you mean ${suggestion}? (${helpHint})` : helpHint };
    }
    seen.add(option);
    if (!option.takesValue || inline !== undefined) continue;
    const value = args[i + 1];
    if (value !== undefined && NEGATIVE.test(value)) {
      return { message: `${name} cannot be negative (got ${value})`, hint: usage };
    }
    if (value === undefined || (value.startsWith('-') && value !== '-')) {
      return { message: `${name} needs a value`, hint: `${name} ${option.placeholder}; ${helpHint}` };
    }
    i++;
  }

  const { required, optional, rest } = positionals(command);
  if (given.length < required.length) {
    const missing = required.slice(given.length);
    return { message: `missing ${missing.join(' ')}`, hint: usage };
  }
  if (!rest && given.length > required.length + optional.length) {
    return { message: `unexpected argument ${JSON.stringify(given[required.length + optional.length])}`, hint: usage };
  }
  const missingOption = options.find((option) => option.required && !seen.has(option));
  if (missingOption) {
    const name = missingOption.names.find((known) => known.startsWith('--')) ?? missingOption.names[0]!;
    return { message: `missing ${name}${missingOption.placeholder ? ` ${missingOption.placeholder}` : ''}`, hint: usage };
  }
  return undefined;
}

/**
 * `--days -3` as `--days=-3`: a value that looks like a negative number or duration would be taken
 * for an option by the parser, and the user would hear about a missing value instead of about the
 * value. Attached, it reaches the command's own validation, which says what range is allowed.
 */
export function attachNegativeValues(command: ManifestCommand, argv: readonly string[]): string[] {
  const valueOptions = new Set(
    command.options
      .map(optionSyntax)
      .filter((option) => option.takesValue)
      .flatMap((option) => option.names),
  );
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (valueOptions.has(arg) && arg.startsWith('--') && next !== undefined && NEGATIVE.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * `config set timeout -5` as `config set timeout -- -5`: an argument that looks like a negative
 * number or duration would be taken for an unknown option ("Invalid option name"), so the user would
 * never hear what is wrong with the value. The options stay in front of a `--` and the arguments,
 * in their order, follow it. A line with an unknown option or its own `--` is left as it is.
 */
export function separateNegativeArguments(command: ManifestCommand, argv: readonly string[]): string[] {
  const pathLength = command.path.length;
  if (command.path.some((word, i) => argv[i] !== word)) return [...argv];
  const args = argv.slice(pathLength);
  if (args.includes('--')) return [...argv];
  const byName = new Map<string, OptionSyntax>();
  for (const option of command.options.map(optionSyntax)) for (const name of option.names) byName.set(name, option);
  const options: string[] = [];
  const given: string[] = [];
  let negative = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (NEGATIVE.test(arg)) {
      negative = true;
      given.push(arg);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      given.push(arg);
      continue;
    }
    const [name, inline] = splitInline(arg);
    const option = byName.get(name);
    if (!option) return [...argv];
    options.push(arg);
    if (option.takesValue && inline === undefined && i + 1 < args.length) options.push(args[++i]!);
  }
  return negative ? [...argv.slice(0, pathLength), ...options, '--', ...given] : [...argv];
}

function splitInline(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return at > 0 && arg.startsWith('--') ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, undefined];
}

/** `-fy` is `-f -y` to clipanion: known when its last letter is a known short option. */
function shortBundle(name: string, byName: ReadonlyMap<string, OptionSyntax>): OptionSyntax | undefined {
  if (name.startsWith('--') || name.length <= 2) return undefined;
  const letters = [...name.slice(1)].map((letter) => byName.get(`-${letter}`));
  return letters.every((option) => option !== undefined) ? letters[letters.length - 1] : undefined;
}
