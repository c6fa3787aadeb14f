import type { ErrorReport } from './describe-error.js';

/**
 * Writes one error to stderr: `{"error": {...}}` under --json, else one `error:` line with the
 * request id and the hint. Every error the CLI reports goes through here.
 */
export function printError(stderr: NodeJS.WritableStream, report: ErrorReport, options: { json: boolean; color: boolean }): void {
  if (options.json) {
    const error = { code: report.code, message: report.message, status: report.status ?? null, request_id: report.requestId ?? null };
    stderr.write(`${JSON.stringify({ error })}\n`);
    return;
  }
  const label = options.color ? '\u001b[31merror:\u001b[0m' : 'error:';
  const requestId = report.requestId ? ` (request ${report.requestId})` : '';
  const hint = report.hint ? ` — ${report.hint}` : '';
  stderr.write(`${label} ${oneLine(report.message)}${requestId}${hint}\n`);
}

/** Collapses a message onto one line, as errors and warnings are printed. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
