import { requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { TrailCommand, type TrailSubject } from '../trail-command.js';

export class AuditTrailCommand extends TrailCommand {
  static override paths = [['audit', 'trail']];
  static override effect = 'read' as const;

  static override usage = TrailCommand.Usage({
    category: 'Audit',
    description: 'Show who did what to one secret, with a 30-day summary',
    details: `
      Every audited request on the secret — reads, writes, rotations, deletes — newest first, then a summary of the
      last 30 days. Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end. Under
      \`--json\`: \`{"path", "logs": [...], "cursor", "has_more", "summary": {...}}\`.
    `,
    examples: [
      ['Audit trail of a credential', 'scaivault audit trail environments/production/salesforce/oauth'],
      [
        'Who read it this month',
        'scaivault audit trail app/db/credentials --start 2026-04-01 --all --json | jq -r \'.logs[] | select(.action=="read") | .identity_id\' | sort -u',
      ],
    ],
  });

  secretPath = Option.String({ name: 'path' });

  protected subject(): TrailSubject {
    const path = requireSecretPath(this.secretPath);
    return { fields: { path }, fetch: (client, options) => client.audit.trail(path, options) };
  }
}
