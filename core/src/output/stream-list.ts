import type { Writable } from 'node:stream';
import type { Output } from './output.js';
import { PageWriter } from './page-writer.js';
import { cellText, renderTable, type Column } from './table.js';

/** Where a streamed list goes: the command's Output (for its flags and stderr) and its stdout. */
export interface ListTarget {
  output: Output;
  stdout: Writable;
  /** `--ndjson`: one JSON object per line instead of the `{"<plural>": [...]}` envelope. */
  ndjson?: boolean;
}

export interface StreamListOptions<Row> {
  /** The envelope key under --json, e.g. `secrets`. */
  plural: string;
  columns: readonly Column<Row>[];
  /** Envelope fields after the list, asked for once every page is in (e.g. `{cursor: null, has_more: false}`). */
  extra?: () => object;
  /** What stderr says on a terminal when there are no rows; default `no <plural>`. */
  empty?: string;
}

/**
 * Prints a list page by page as the pages arrive, so `--all` over any number of rows holds one
 * page at a time: table rows laid out with the column widths of the first page that has rows,
 * `--json` written incrementally in the same `{"<plural>": [...], ...extra}` envelope (byte for byte
 * what `JSON.stringify(envelope, null, 2)` prints), `--ndjson` one object per line, `--field` one
 * value per line. Waits for stdout to drain between pages, and stops quietly when the reader goes
 * away. Resolves to the number of rows printed.
 */
export async function streamList<Row extends object>(
  target: ListTarget,
  pages: AsyncIterable<readonly Row[]>,
  options: StreamListOptions<Row>,
): Promise<number> {
  const out = new PageWriter(target.stdout);
  try {
    return await printPages(target.output, out, pages, options, target.ndjson === true);
  } finally {
    out.release();
  }
}

async function printPages<Row extends object>(
  output: Output,
  out: PageWriter,
  pages: AsyncIterable<readonly Row[]>,
  options: StreamListOptions<Row>,
  ndjson: boolean,
): Promise<number> {
  let count = 0;
  if (output.options.field !== undefined) {
    for await (const rows of pages) {
      if (out.gone) return count;
      output.list(options.plural, rows, options.columns);
      count += rows.length;
    }
    return count;
  }
  if (ndjson) {
    for await (const rows of pages) {
      if (rows.length > 0 && !(await out.write(rows.map((row) => `${JSON.stringify(row)}\n`).join('')))) return count;
      count += rows.length;
    }
    return count;
  }
  if (output.json) {
    if (!(await out.write(`{\n  ${JSON.stringify(options.plural)}: [`))) return count;
    for await (const rows of pages) {
      if (rows.length === 0) continue;
      if (
        !(await out.write(
          rows.map((row, i) => `${count === 0 && i === 0 ? '\n' : ',\n'}${indent(JSON.stringify(row, null, 2), '    ')}`).join(''),
        ))
      )
        return count;
      count += rows.length;
    }
    await out.write(`${count > 0 ? '\n  ]' : ']'}${envelopeTail(options.extra?.() ?? {})}\n`);
    return count;
  }
  let widths: number[] | undefined;
  for await (const rows of pages) {
    if (rows.length === 0) continue;
    let text: string;
    if (widths === undefined) {
      widths = columnWidths(rows, options.columns);
      text = renderTable(rows, options.columns, (cell) => (output.options.color ? `\u001b[1m${cell}\u001b[0m` : cell));
    } else {
      const fixed = widths;
      text = rows
        .map(
          (row) =>
            `${layout(
              options.columns.map((column) => cellText(column.value(row))),
              options.columns,
              fixed,
            )}\n`,
        )
        .join('');
    }
    if (!(await out.write(text))) return count;
    count += rows.length;
  }
  if (count === 0) output.info(options.empty ?? `no ${options.plural.replace(/_/g, ' ')}`);
  return count;
}

/** The widths `renderTable` gives a page: the widest of the header and each cell. */
function columnWidths<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): number[] {
  return columns.map((column) => Math.max(column.header.length, ...rows.map((row) => cellText(column.value(row)).length)));
}

/** One table line at fixed widths; a cell wider than its column pushes the rest right rather than being cut. */
function layout<Row>(cells: string[], columns: readonly Column<Row>[], widths: number[]): string {
  return cells
    .map((text, i) => (columns[i]!.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
    .join('  ')
    .trimEnd();
}

/** `,\n  "cursor": null,\n  "has_more": false\n}` — the rest of the envelope after the list, as JSON.stringify lays it out. */
function envelopeTail(extra: object): string {
  const text = JSON.stringify(extra, null, 2);
  return text === '{}' ? '\n}' : `,\n${text.slice(2)}`;
}

function indent(text: string, prefix: string): string {
  return text.replace(/^/gm, prefix);
}
