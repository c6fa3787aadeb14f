import assert from 'node:assert/strict';
import type { CliResult } from './run-cli.js';

/**
 * What bad input must do, checked on a `runOffline` result: exit 5, nothing on stdout, and one
 * `error:` line on stderr (matching `says` when given). Run with no exchanges, a request would
 * find nothing to answer it and fail with another exit code.
 */
export function assertBadInput(result: CliResult, says?: RegExp): void {
  assert.equal(result.exitCode, 5, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^error: [^\n]+\n$/);
  if (says) assert.match(result.stderr, says);
}
