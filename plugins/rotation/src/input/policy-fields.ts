import { UsageError, parseDuration, parseDurationList } from '@scaivault/core';
import type { RotationPolicyInput } from '@scaivault/core/sdk';
import { idList, requireId } from './ids.js';

/** The policy settings a command line can give; every field optional (create checks its own required ones). */
export interface PolicyFlags {
  name?: string | undefined;
  description?: string | undefined;
  interval?: string | undefined;
  gracePeriod?: string | undefined;
  warnBefore?: string | undefined;
  autoGenerate?: boolean | undefined;
  secretPolicy?: string | undefined;
  webhooks?: readonly string[] | undefined;
}

/**
 * Turns the flags into the API's body, checking every value first (durations with core's parser,
 * ids as single segments) so a typo such as `--interval 30x` fails with exit 5 before any request.
 */
export function policyChanges(flags: PolicyFlags): Partial<RotationPolicyInput> {
  const changes: Partial<RotationPolicyInput> = {};
  if (flags.name !== undefined) {
    const name = flags.name.trim();
    if (name.length === 0 || name.length > 256) throw new UsageError('--name must be 1 to 256 characters');
    changes.name = name;
  }
  if (flags.description !== undefined) changes.description = flags.description;
  if (flags.interval !== undefined) {
    if (parseDuration(flags.interval, '--interval') < 60) throw new UsageError('--interval must be at least 1m');
    changes.interval = flags.interval.trim();
  }
  if (flags.gracePeriod !== undefined) {
    parseDuration(flags.gracePeriod, '--grace-period');
    changes.grace_period = flags.gracePeriod.trim();
  }
  if (flags.warnBefore !== undefined) changes.warn_before = parseDurationList(flags.warnBefore, '--warn-before').join(',');
  if (flags.autoGenerate !== undefined) changes.auto_generate = flags.autoGenerate;
  if (flags.secretPolicy !== undefined) changes.secret_policy_id = requireId(flags.secretPolicy, 'secret policy id');
  if (flags.webhooks !== undefined && flags.webhooks.length > 0) changes.webhook_ids = idList(flags.webhooks, 'webhook id');
  return changes;
}
