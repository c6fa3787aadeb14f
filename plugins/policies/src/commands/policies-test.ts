import { isIP } from 'node:net';
import { ScaiVaultCommand, UsageError, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { Permission, PolicyDecision } from '@scaivault/core/sdk';
import { parseIdentityId } from '../input/identity.js';
import { PERMISSIONS } from '../input/rules.js';
import { parseTimestamp } from '../input/timestamp.js';
import { describeRule } from '../policy-view.js';

export class PoliciesTestCommand extends ScaiVaultCommand {
  static override paths = [['policies', 'test']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Policies',
    description: 'Ask whether an identity may do something on a path, and which rule decides',
    details: `
      A dry run on the server: nothing is read or written and no audit entry is made. It prints the decision and the
      deciding policy and rule, or why nothing matched. The exit code is 0 whether the answer is allowed or denied
      (the question was answered); scripts read \`allowed\` (true or false) from \`--json\`, or use \`--field allowed\`.
      Conditions are evaluated against \`--source-ip\` (default 127.0.0.1), \`--mfa\` and \`--at\` (default now).
      Permissions: ${PERMISSIONS.join(', ')}.
    `,
    examples: [
      ['May alice read the credentials?', 'scaivault policies test app/db/credentials read --identity user:alice@acme.example'],
      [
        'From the VPN, with MFA',
        'scaivault policies test environments/production/db read --identity group:developers --source-ip 10.1.2.3 --mfa',
      ],
      ['In a script', 'test "$(scaivault policies test app/db/credentials write --identity sa:deployer --field allowed)" = true'],
    ],
  });

  secretPath = Option.String({ name: 'path' });
  permission = Option.String({ name: 'permission' });
  identity = Option.String('--identity,--identity-id', { description: 'Identity id, e.g. user:alice@acme.example' });
  sourceIp = Option.String('--source-ip', { description: 'Caller address for ip_ranges conditions (default 127.0.0.1)' });
  mfa = Option.Boolean('--mfa', false, { description: 'Evaluate as if the caller had just passed MFA' });
  at = Option.String('--at', { description: 'Evaluate at this RFC 3339 time (default now), for time windows' });

  async execute(): Promise<number> {
    requireSecretPath(this.secretPath);
    if (!PERMISSIONS.includes(this.permission as Permission)) {
      throw new UsageError(`unknown permission ${JSON.stringify(this.permission)}`, `use one of ${PERMISSIONS.join(', ')}`);
    }
    if (this.identity === undefined) throw new UsageError('--identity is required', 'e.g. --identity user:alice@acme.example');
    const { identityId } = parseIdentityId(this.identity, '--identity');
    if (this.sourceIp !== undefined && isIP(this.sourceIp) === 0)
      throw new UsageError(`--source-ip must be an IP address, got ${JSON.stringify(this.sourceIp)}`);
    const timestamp = this.at === undefined ? undefined : parseTimestamp(this.at, '--at');
    const context = {
      ...(this.sourceIp !== undefined ? { source_ip: this.sourceIp } : {}),
      ...(this.mfa ? { mfa_verified: true } : {}),
      ...(timestamp !== undefined ? { timestamp } : {}),
    };

    const client = await this.api();
    const decision = await client.policies.test({
      identity_id: identityId,
      path: this.secretPath,
      permission: this.permission as Permission,
      ...(Object.keys(context).length > 0 ? { context } : {}),
    });
    this.output.object(decision, { human: this.decisionPairs(decision, identityId) });
    return 0;
  }

  private decisionPairs(decision: PolicyDecision, identityId: string): Array<[string, unknown]> {
    const pairs: Array<[string, unknown]> = [
      ['decision', decision.allowed ? 'allowed' : 'denied'],
      ['identity', identityId],
      ['path', this.secretPath],
      ['permission', this.permission],
    ];
    if (decision.matched_policy_id) pairs.push(['policy', `${decision.matched_policy_id} (${decision.matched_policy_name ?? ''})`]);
    if (decision.matched_rule) {
      const index =
        decision.matched_rule.index === undefined || decision.matched_rule.index === null ? '' : `#${decision.matched_rule.index} `;
      pairs.push(['rule', `${index}${describeRule(decision.matched_rule)}`]);
    }
    if (decision.failed_condition) pairs.push(['failed condition', decision.failed_condition]);
    if (!decision.allowed && decision.code) pairs.push(['would fail with', decision.code]);
    if (decision.message) pairs.push(['reason', decision.message]);
    return pairs;
  }
}
