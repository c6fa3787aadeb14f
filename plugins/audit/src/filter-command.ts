import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { AuditQueryFilters } from '@scaivault/core/sdk';
import { auditFilters } from './input/filters.js';

/** The filter flags `audit query` and `audit export` share, checked before any request. */
export abstract class AuditFilterCommand extends ScaiVaultCommand {
  start = Option.String('--start', { description: 'From this date (2026-04-22, midnight UTC) or ISO 8601 timestamp, inclusive' });
  end = Option.String('--end', { description: 'Up to this date or timestamp, exclusive' });
  action = Option.String('--action', {
    description: 'Only these actions, comma-separated (read, write, delete, list, rotate, policy_create, ...)',
  });
  identity = Option.String('--identity', { description: 'Only this identity, e.g. user:alice@acme.example or sa:reporting' });
  identityType = Option.String('--identity-type', { description: 'Only identities of this type: user, service_account, group' });
  pathPrefix = Option.String('--path-prefix', { description: 'Only secrets whose path starts with this' });
  outcome = Option.String('--outcome', { description: 'Only successful or failed requests: success, failed' });
  sourceIp = Option.String('--source-ip', { description: 'Only requests from this IP address' });
  requestId = Option.String('--request-id', { description: 'Only the entry of this request (req_...)' });

  protected filters(): AuditQueryFilters {
    return auditFilters(this);
  }
}
