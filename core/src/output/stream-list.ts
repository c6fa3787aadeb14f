import type { Writable } from 'node:stream';
import type { Output } from './output.js';
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
 * value per line. Waits for stdout to drain between pages. Resolves to the number of rows.
 */
export async function streamList<Row extends object>(target: ListTarget, pages: AsyncIterable<readonly Row[]>, options: StreamListOptions<Row>): Promise<number> {
  const { output } = target;
  const write = writer(target.stdout);
  let count = 0;
  if (output.options.field !== undefined) {
    for await (const rows of pages) {
      output.list(options.plural, rows, options.columns);
      count += rows.length;
    }
    return count;
  }
  if (target.ndjson) {
    for await (const rows of pages) {
      if (rows.length > 0) await write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      count += rows.length;
    }
    return count;
  }
  if (output.json) {
    await write(`{\n  ${JSON.stringify(options.plural)}: [`);
    for await (const rows of pages) {
      if (rows.length === 0) continue;
      await write(rows.map((row, i) => `${count === 0 && i === 0 ? '\n' : ',\n'}${indent(JSON.stringify(row, null, 2), '    ')}`).join(''));
      count += rows.length;
    }
    await write(`${count > 0 ? '\n  ]' : ']'}${envelopeTail(options.extra?.() ?? {})}\n`);
    return count;
  }
  let widths: number[] | undefined;
  for await (const rows of pages) {
    if (rows.length === 0) continue;
    if (widths === undefined) {
      widths = columnWidths(rows, options.columns);
      await write(renderTable(rows, options.columns, (text) => (output.options.color ? `\u001b[1m${text}\u001b[0m` : text)));
    } else {
      const fixed = widths;
      await write(rows.map((row) => `${layout(options.columns.map((column) => cellText(column.value(row))), options.columns, fixed)}\n`).join(''));
    }
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

/** Writes and, when the stream's buffer is full, waits until it drains (or closes, or fails). */
function writer(stream: Writable): (text: string) => Promise<void> {
  return (text) => {
    if (stream.write(text)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        stream.off('drain', onDrain).off('close', onDrain).off('error', done);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      stream.once('drain', onDrain).once('close', onDrain).once('error', done);
    });
  };
}
