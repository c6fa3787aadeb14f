import type { ErrorKind } from '@scaivault/sdk/error-kind';

/** The process exit codes scaivault promises to scripts. */
export const ExitCode = {
  Ok: 0,
  General: 1,
  Auth: 2,
  Authz: 3,
  NotFound: 4,
  Validation: 5,
  /** Ctrl-C: 128 + SIGINT, what a shell reports for a process the signal ended. */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit code for each kind of API failure. Which failure is which kind is the SDK's to say
 * (`@scaivault/sdk/error-kind`, one table); core only decides what a script sees. A network failure
 * is always 1: a DNS error must never read as "the secret does not exist".
 */
const EXIT_CODE_OF_KIND: Record<ErrorKind, ExitCode> = {
  authentication: ExitCode.Auth,
  permission: ExitCode.Authz,
  not_found: ExitCode.NotFound,
  validation: ExitCode.Validation,
  conflict: ExitCode.General,
  rate_limited: ExitCode.General,
  unavailable: ExitCode.General,
  network: ExitCode.General,
  unexpected_response: ExitCode.General,
  other: ExitCode.General,
};

/** The exit code for an SDK error's `kind`; anything unknown is a general failure. */
export function exitCodeForKind(kind: string | undefined): ExitCode {
  return kind !== undefined && Object.hasOwn(EXIT_CODE_OF_KIND, kind) ? EXIT_CODE_OF_KIND[kind as ErrorKind] : ExitCode.General;
}
