import { CliError } from './cli-error.js';
import { ExitCode, exitCodeForKind } from './exit-codes.js';

/** What the CLI says about a failure: one line for humans, one object for --json. */
export interface ErrorReport {
  exitCode: ExitCode;
  code: string;
  message: string;
  hint?: string;
  status?: number;
  requestId?: string;
}

/**
 * The fields of an SDK error the CLI relies on; duck-typed so the SDK is never imported here. The
 * SDK classifies (`kind`); the CLI maps kinds to exit codes.
 */
interface ApiErrorLike {
  name: string;
  message: string;
  kind: string;
  code?: unknown;
  status?: unknown;
  requestId?: unknown;
  details?: unknown;
}

/** The server names each invalid field and why in `details.fields`; the reasons are the useful part. */
function fieldReasons(details: unknown): string | undefined {
  if (details === null || typeof details !== 'object') return undefined;
  const fields = (details as { fields?: unknown }).fields;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return undefined;
  const reasons = Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return reasons.length > 0 ? reasons.map(([field, reason]) => `${field}: ${reason}`).join('; ') : undefined;
}

const HINTS: Record<ExitCode, string | undefined> = {
  [ExitCode.Ok]: undefined,
  [ExitCode.General]: undefined,
  [ExitCode.Auth]: 'check the token: run `scaivault auth login --token -` or set SCAIVAULT_TOKEN',
  [ExitCode.Authz]: 'check `scaivault auth whoami` and `scaivault policies test <path> <permission>`',
  [ExitCode.NotFound]: undefined,
  [ExitCode.Validation]: undefined,
  [ExitCode.Interrupted]: undefined,
};

function isApiErrorLike(error: unknown): error is ApiErrorLike {
  return (
    error instanceof Error &&
    typeof (error as { kind?: unknown }).kind === 'string' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** Turns anything thrown by a command into the report printed on stderr. */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof CliError) {
    return {
      exitCode: error.exitCode,
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  if (isApiErrorLike(error)) {
    const code = String(error.code);
    const status = typeof error.status === 'number' ? error.status : undefined;
    const exitCode = exitCodeForKind(error.kind);
    const hint =
      code === 'token_expired'
        ? 'the token has expired: run `scaivault auth login`'
        : error.kind === 'network'
          ? 'check that the server is up and the URL is right (--url, SCAIVAULT_URL or base_url)'
          : HINTS[exitCode];
    const reasons = fieldReasons(error.details);
    return {
      exitCode,
      code,
      message: reasons ? `${error.message} (${reasons})` : error.message,
      ...(hint === undefined ? {} : { hint }),
      ...(status === undefined ? {} : { status }),
      ...(typeof error.requestId === 'string' ? { requestId: error.requestId } : {}),
    };
  }
  if (error instanceof Error) {
    return { exitCode: ExitCode.General, code: 'internal_error', message: error.message || error.name };
  }
  return { exitCode: ExitCode.General, code: 'internal_error', message: String(error) };
}
