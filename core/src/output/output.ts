import type { Writable } from 'node:stream';
import { NotFoundError } from '../errors/cli-error.js';
import type { ErrorReport } from '../errors/describe-error.js';
import { printError } from '../errors/print-error.js';
import { humanLabel, renderPairs, renderTable, type Column } from './table.js';

export interface OutputOptions {
  /** Print machine-readable JSON instead of tables. */
  json: boolean;
  /** Print only this field (dot path), raw. */
  field?: string | undefined;
  /** Colour on stderr (errors, warnings): off when stderr is not a TTY or when NO_COLOR is set. */
  color: boolean;
  /** Colour on stdout (table headers), decided from stdout itself; `color` when left out. */
  stdoutColor?: boolean | undefined;
  /** Whether stdout is a terminal: raw --field values get a newline only there. */
  stdoutIsTTY: boolean;
  /** The terminal's width, when stdout is one: tables are fitted to it. Full width when undefined. */
  columns?: number | undefined;
}

export interface ObjectView {
  /** Where `--field` looks first, e.g. a secret's `data`; the object itself is searched next. */
  fieldRoot?: unknown;
  /** The human rendering: key/value pairs, or free text. Keys read as labels: `grace_period` → `Grace period`. */
  human?: ReadonlyArray<readonly [string, unknown]> | string;
  /** The pairs' keys are names from the data itself (a secret's keys): print them verbatim. */
  verbatimKeys?: boolean;
}

/**
 * The one place commands print through. Data goes to stdout, messages and warnings to stderr.
 * `--json` prints stable JSON; `--field F` prints one raw value for `$(...)` in scripts.
 */
export class Output {
  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
    readonly options: OutputOptions,
  ) {}

  get json(): boolean {
    return this.options.json;
  }

  /** Prints one object: its JSON, one field of it, or a human view. */
  object(value: object, view: ObjectView = {}): void {
    if (this.options.field !== undefined) return this.printField(this.lookupField(value, view.fieldRoot));
    if (this.options.json) return this.printJson(value);
    // Every get-style view reads the same: labels, not raw API keys (`grace_period` → `Grace period`).
    const human = view.human ?? Object.entries(value);
    if (typeof human === 'string') return void this.stdout.write(ensureNewline(human));
    const pairs = view.verbatimKeys ? human : human.map(([key, entry]) => [humanLabel(key), entry] as const);
    this.stdout.write(renderPairs(pairs, this.bold, this.options.columns));
  }

  /** Prints a list as `{"<plural>": [...], ...extra}` under --json, or as a table. */
  list<Row extends object>(plural: string, rows: readonly Row[], columns: readonly Column<Row>[], extra: object = {}): void {
    if (this.options.field !== undefined) {
      const values = rows.map((row) => this.lookupField(row, undefined));
      this.stdout.write(values.map(rawText).join('\n') + (values.length > 0 ? '\n' : ''));
      return;
    }
    if (this.options.json) return this.printJson({ [plural]: rows, ...extra });
    if (rows.length === 0) {
      this.stderr.write(`no ${plural.replace(/_/g, ' ')}\n`);
      return;
    }
    this.stdout.write(renderTable(rows, columns, this.bold, this.options.columns));
  }

  /** A human sentence about what was done; under --json the command prints its result object instead. */
  success(text: string, result?: object): void {
    if (this.options.json || this.options.field !== undefined) {
      if (result) this.object(result);
      return;
    }
    this.stdout.write(ensureNewline(text));
  }

  /** Text exactly as given, for commands whose output is a document (PEM, a script). */
  raw(text: string | Uint8Array): void {
    this.stdout.write(text);
  }

  warn(text: string): void {
    this.stderr.write(`${this.color('33', 'warning:')} ${text}\n`);
  }

  info(text: string): void {
    this.stderr.write(ensureNewline(text));
  }

  error(report: ErrorReport): void {
    printError(this.stderr, report, { json: this.options.json, color: this.options.color });
  }

  private printJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  private printField(value: unknown): void {
    const text = rawText(value);
    this.stdout.write(this.options.stdoutIsTTY ? ensureNewline(text) : text);
  }

  private lookupField(value: object, root: unknown): unknown {
    const path = this.options.field!;
    for (const candidate of root === undefined ? [value] : [root, value]) {
      const found = getPath(candidate, path);
      if (found !== undefined) return found;
    }
    const available = Object.keys((root ?? value) as object).join(', ');
    throw new NotFoundError(`field ${JSON.stringify(path)} not found`, available ? `available: ${available}` : undefined);
  }

  /** Table headers and keys go to stdout: bold only when stdout itself takes colour. */
  private readonly bold = (text: string) => ((this.options.stdoutColor ?? this.options.color) ? `\u001b[1m${text}\u001b[0m` : text);

  private color(code: string, text: string): string {
    return this.options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}

function getPath(value: unknown, path: string): unknown {
  if (value !== null && typeof value === 'object' && path in value) return (value as Record<string, unknown>)[path];
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !(part in current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function rawText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export { oneLine } from '../errors/print-error.js';
