import { wrapText } from './wrap.js';

/** A column of a human-readable table. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  align?: 'left' | 'right';
}

/** Renders a value for a table cell: empty for null/undefined, yes/no for booleans, JSON for objects, no newlines. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value.replace(/\r?\n/g, '\\n');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const GAP = 2;
/** A column shrunk to fit the terminal keeps at least this many characters (and its whole header). */
const MIN_COLUMN = 8;

/**
 * The widths that make a table fit `maxWidth`: the widest column gives way first, as far as it
 * must, then the next widest; never below its header (headers are not cut) nor MIN_COLUMN.
 */
function fitWidths(widths: number[], headers: readonly string[], maxWidth: number | undefined): number[] {
  const fitted = [...widths];
  if (maxWidth === undefined) return fitted;
  let excess = fitted.reduce((sum, width) => sum + width, 0) + GAP * (fitted.length - 1) - maxWidth;
  const widestFirst = fitted.map((_, i) => i).sort((a, b) => widths[b]! - widths[a]! || a - b);
  for (const i of widestFirst) {
    if (excess <= 0) break;
    const floor = Math.min(widths[i]!, Math.max(headers[i]!.length, MIN_COLUMN));
    const cut = Math.min(excess, fitted[i]! - floor);
    fitted[i]! -= cut;
    excess -= cut;
  }
  return fitted;
}

/** Cuts text to `width` characters, marking the cut with an ellipsis. */
function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Lays rows out in aligned columns under a header, two spaces apart. Given the terminal's width
 * the widest columns are truncated to fit it; without one (a pipe) every cell is printed in full.
 */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  bold: (s: string) => string,
  maxWidth?: number,
): string {
  const headers = columns.map((column) => column.header.toUpperCase());
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const natural = columns.map((_, i) => Math.max(headers[i]!.length, ...cells.map((line) => line[i]!.length)));
  const widths = fitWidths(natural, headers, maxWidth);
  const layout = (line: string[]) =>
    line
      .map((text, i) => {
        const cut = truncate(text, widths[i]!);
        return columns[i]!.align === 'right' ? cut.padStart(widths[i]!) : cut.padEnd(widths[i]!);
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  const header = bold(layout(headers));
  return [header, ...cells.map(layout)].join('\n') + '\n';
}

/** Lays out `key  value` pairs, keys aligned, for showing one object; given the terminal's width, long values wrap at spaces. */
export function renderPairs(pairs: ReadonlyArray<readonly [string, unknown]>, bold: (s: string) => string, maxWidth?: number): string {
  const labels = pairs.map(([key]) => key);
  const width = Math.max(0, ...labels.map((label) => label.length));
  const valueWidth = maxWidth === undefined ? undefined : Math.max(20, maxWidth - width - GAP);
  const lines: string[] = [];
  pairs.forEach(([, value], i) => {
    const text = cellText(value);
    const [first = '', ...more] = valueWidth === undefined || text.length <= valueWidth ? [text] : wrapText(text, valueWidth);
    lines.push(`${bold(labels[i]!.padEnd(width))}  ${first}`.trimEnd());
    for (const line of more) lines.push(`${' '.repeat(width)}  ${line}`);
  });
  return lines.join('\n') + '\n';
}

const ACRONYMS: Readonly<Record<string, string>> = { id: 'ID', ids: 'IDs', ip: 'IP', url: 'URL', ttl: 'TTL', mfa: 'MFA', api: 'API' };

/**
 * A label for a key: `grace_period` → `Grace period`, `secret_policy_id` → `Secret policy ID`,
 * `by_action.list` → `By action: list`. What follows a dot is a name from the data (an action, a
 * secret's key) and is kept as it is. A key that already reads as a label is left alone.
 */
export function humanLabel(key: string): string {
  const dot = key.indexOf('.');
  const head = dot < 0 ? key : key.slice(0, dot);
  if (!/^[a-z0-9_ ]+$/.test(head)) return key;
  const words = head.split(/[_ ]+/).map((word) => ACRONYMS[word] ?? word);
  const label = words.join(' ');
  const capitalised = label.charAt(0).toUpperCase() + label.slice(1);
  return dot < 0 ? capitalised : `${capitalised}: ${key.slice(dot + 1)}`;
}
