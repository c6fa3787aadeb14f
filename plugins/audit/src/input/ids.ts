import { UsageError } from '@scaivault/core';

/** An identity as the audit log names it: `user:alice@acme.example`, `sa:reporting`, `group:developers`. */
export function requireIdentity(value: string): string {
  if (!/^(user|sa|group|system):[^\s/]{1,250}$/.test(value)) {
    throw new UsageError(`invalid identity ${JSON.stringify(value)}`, 'e.g. user:alice@acme.example, sa:reporting or group:developers');
  }
  return value;
}

/** An export job id (`exp_...`). */
export function requireExportId(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(value))
    throw new UsageError(`invalid export id ${JSON.stringify(value)}`, 'export ids look like exp_01hk7x9z');
  return value;
}
