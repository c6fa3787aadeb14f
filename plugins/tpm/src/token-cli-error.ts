import { CliError, ExitCode, UsageError } from '@scaivault/core';
import type { TokenError } from '@scaivault/server/key-root';

/**
 * A token failure as the CLI reports it. Exit codes: a wrong or refused PIN is invalid input (5),
 * a locked PIN is a permission the token now withholds (3), a missing token or wrapping key is
 * not found (4), a module that cannot be loaded is a bad --module (5), anything else 1.
 */
export function tokenCliError(error: TokenError): CliError {
  switch (error.reason) {
    case 'pin_incorrect':
    case 'pin_invalid':
      return new UsageError(error.message, 'check the PIN; a TPM counts wrong tries toward its lockout');
    case 'pin_locked':
      return new CliError(error.message, {
        exitCode: ExitCode.Authz,
        code: 'pin_locked',
        hint: 'unlock it with the SO PIN (a TPM: wait for its lockout to expire or clear it with tpm2_dictionarylockout)',
      });
    case 'token_missing':
      return new CliError(error.message, {
        exitCode: ExitCode.NotFound,
        code: 'token_missing',
        hint: 'check --token-label and --module (a TPM: /dev/tpmrm0 present and TPM2_PKCS11_TCTI set)',
      });
    case 'key_missing':
      return new CliError(error.message, {
        exitCode: ExitCode.NotFound,
        code: 'key_missing',
        hint: 'on a new host, run `scaivault tpm restore --input BACKUP`',
      });
    case 'module':
      return new UsageError(error.message, 'pass --module with the path of the PKCS#11 library, or tpm / softhsm');
    case 'bad_label':
      return new UsageError(error.message, 'pass --token-label with a shorter, plain label');
    case 'unsupported':
      return new CliError(error.message, { exitCode: ExitCode.General, code: 'token_unsupported' });
    case 'unwrap_failed':
      return new CliError(error.message, {
        exitCode: ExitCode.General,
        code: 'unwrap_failed',
        hint: 'key-root.json was altered or belongs to another key; restore it from the backup',
      });
    default:
      return new CliError(error.message, { exitCode: ExitCode.General, code: 'token_error' });
  }
}
