/** A column of a human-readable table. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  align?: 'left' | 'right';
}

/** Renders a value for a table cell: empty for null/undefined, JSON for objects, no newlines. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\r?\n/g, '\\n');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Lays rows out in aligned columns under a header, two spaces apart. */
export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], bold: (s: string) => string): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)));
  const layout = (line: string[]) =>
    line
      .map((text, i) => (columns[i]!.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const header = bold(layout(columns.map((column) => column.header.toUpperCase())));
  return [header, ...cells.map(layout)].join('\n') + '\n';
}

/** Lays out `key  value` pairs, keys aligned, for showing one object. */
export function renderPairs(pairs: ReadonlyArray<readonly [string, unknown]>, bold: (s: string) => string): string {
  const width = Math.max(0, ...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${bold(key.padEnd(width))}  ${cellText(value)}`.trimEnd()).join('\n') + '\n';
}
