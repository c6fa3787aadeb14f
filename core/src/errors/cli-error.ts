import { ExitCode } from './exit-codes.js';

/**
 * An error the CLI reports as one line on stderr with a chosen exit code.
 * `hint` says how to fix it; `code` is the machine-readable name shown under --json.
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode?: ExitCode; code?: string; hint?: string } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? ExitCode.General;
    this.code = options.code ?? 'error';
    this.hint = options.hint;
  }
}

/** Bad flags, arguments or values given by the user: exit 5. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.Validation, code: 'usage_error', ...(hint === undefined ? {} : { hint }) });
    this.name = 'UsageError';
  }
}

/** No usable credentials before any request is made: exit 2. */
export class NotAuthenticatedError extends CliError {
  constructor(message = 'not authenticated') {
    super(message, {
      exitCode: ExitCode.Auth,
      code: 'not_authenticated',
      hint: 'run `scaivault auth login --token -` or set SCAIVAULT_TOKEN',
    });
    this.name = 'NotAuthenticatedError';
  }
}

/** Something the user asked for does not exist locally (a config key, an output field): exit 4. */
export class NotFoundError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.NotFound, code: 'not_found', ...(hint === undefined ? {} : { hint }) });
    this.name = 'NotFoundError';
  }
}

/** The user pressed Ctrl-C (at a prompt, or while a command waited): exit 130, as a shell would report. */
export class InterruptedError extends CliError {
  constructor(message = 'interrupted') {
    super(message, { exitCode: ExitCode.Interrupted, code: 'interrupted' });
    this.name = 'InterruptedError';
  }
}
