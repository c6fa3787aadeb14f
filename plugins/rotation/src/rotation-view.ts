import { streamList, type Column, type ListTarget, type Output } from '@scaivault/core';
import type { DueRotation, RotationPolicy, RotationRun } from '@scaivault/core/sdk';

/** The human view of one rotation policy. */
export function policyPairs(policy: RotationPolicy): Array<[string, unknown]> {
  return [
    ['id', policy.id],
    ['name', policy.name],
    ['description', policy.description ?? ''],
    ['interval', policy.interval],
    ['grace_period', policy.grace_period],
    ['warn_before', policy.warn_before || '(none)'],
    ['auto_generate', policy.auto_generate ?? false],
    ['secret_policy_id', policy.secret_policy_id ?? ''],
    ['webhook_ids', (policy.webhook_ids ?? []).join(', ')],
    ['secrets', policy.secrets_count ?? 0],
    ['active', policy.is_active ?? true],
    ['created_at', policy.created_at],
  ];
}

export const POLICY_COLUMNS: ReadonlyArray<Column<RotationPolicy>> = [
  { header: 'id', value: (p) => p.id },
  { header: 'name', value: (p) => p.name },
  { header: 'interval', value: (p) => p.interval },
  { header: 'grace', value: (p) => p.grace_period },
  { header: 'warn before', value: (p) => p.warn_before },
  { header: 'auto', value: (p) => (p.auto_generate ? 'yes' : 'no') },
  { header: 'active', value: (p) => (p.is_active === false ? 'no' : 'yes') },
  { header: 'secrets', value: (p) => p.secrets_count, align: 'right' },
];

function versions(run: RotationRun): string {
  if (run.old_version == null && run.new_version == null) return '';
  return `${run.old_version ?? '?'} → ${run.new_version ?? '…'}`;
}

/** One rotation run (from `trigger` or `history`). */
export const RUN_COLUMNS: ReadonlyArray<Column<RotationRun>> = [
  { header: 'secret', value: (r) => r.secret_path },
  { header: 'status', value: (r) => r.status },
  { header: 'versions', value: versions },
  { header: 'started', value: (r) => r.started_at },
  { header: 'by', value: (r) => r.triggered_by },
  { header: 'error', value: (r) => r.error ?? '' },
];

export const DUE_COLUMNS: ReadonlyArray<Column<DueRotation>> = [
  { header: 'secret', value: (d) => d.secret_path },
  { header: 'policy', value: (d) => d.policy_id },
  { header: 'due', value: (d) => d.due_at },
  { header: 'overdue', value: (d) => (d.overdue ? 'yes' : '') },
  { header: 'last rotated', value: (d) => d.last_rotated_at ?? 'never' },
];

/**
 * Rotation lists keep the wire's `data` envelope under --json; on a terminal an empty list says
 * what is missing instead of core's generic "no data".
 */
export function printData<Row extends object>(
  output: Output,
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  extra: object,
  empty: string,
): void {
  if (rows.length === 0 && !output.json && output.options.field === undefined) {
    output.info(empty);
    return;
  }
  output.list('data', rows, columns, extra);
}

/** One page of a rotation list: `{"data", "cursor", "has_more"}` (or one object per line), and how to get the next. */
export function printDataPage<Row extends object>(
  output: Output,
  page: { data: Row[]; cursor?: string | null | undefined; has_more?: boolean | undefined },
  columns: readonly Column<Row>[],
  empty: string,
  noun: string,
  options: { ndjson: boolean },
): void {
  if (options.ndjson && output.options.field === undefined) output.raw(page.data.map((row) => `${JSON.stringify(row)}\n`).join(''));
  else printData(output, page.data, columns, { cursor: page.cursor ?? null, has_more: page.has_more ?? false }, empty);
  if (page.has_more && (!output.json || options.ndjson)) output.info(`more ${noun}: --cursor ${page.cursor} (or --all)`);
}

/** Every page of a rotation list as it arrives (`--all`), in the `{"data": [...]}` envelope under --json. */
export async function streamData<Row extends object>(
  target: ListTarget,
  pages: AsyncIterable<readonly Row[]>,
  columns: readonly Column<Row>[],
  empty: string,
): Promise<void> {
  await streamList(target, pages, { plural: 'data', columns, empty, extra: () => ({ cursor: null, has_more: false }) });
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
