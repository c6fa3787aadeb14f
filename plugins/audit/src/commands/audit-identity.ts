import { Option } from '@scaivault/core/clipanion';
import { requireIdentity } from '../input/ids.js';
import { TrailCommand, type TrailSubject } from '../trail-command.js';

export class AuditIdentityCommand extends TrailCommand {
  static override paths = [['audit', 'identity']];
  static override effect = 'read' as const;

  static override usage = TrailCommand.Usage({
    category: 'Audit',
    description: 'Show what one identity did, with a 30-day summary',
    details: `
      Every audited request made by the identity (a user, a service account or a group), newest first, then a
      summary of the last 30 days. Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the
      end. Under \`--json\`: \`{"identity_id", "logs": [...], "cursor", "has_more", "summary": {...}}\`.
    `,
    examples: [
      ['What a service account did', 'scaivault audit identity sa:reporting'],
      [
        'Which secrets a user touched today',
        "scaivault audit identity user:alice@acme.example --start 2026-04-23 --all --json | jq -r '.logs[].secret_path' | sort -u",
      ],
    ],
  });

  identityId = Option.String({ name: 'identity' });

  protected subject(): TrailSubject {
    const identity = requireIdentity(this.identityId);
    return { fields: { identity_id: identity }, fetch: (client, options) => client.audit.identityTrail(identity, options) };
  }
}
