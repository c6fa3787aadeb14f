import { ScaiVaultCommand, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireSecretPath } from '../input/ids.js';
import { parseWindow } from '../input/time.js';
import { printTrail } from '../trail.js';

export class AuditTrailCommand extends ScaiVaultCommand {
  static override paths = [['audit', 'trail']];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Audit',
    description: 'Show who did what to one secret, with a 30-day summary',
    details: `
      Every audited request on the secret — reads, writes, rotations, deletes — newest first, then a summary of the
      last 30 days. Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end. Under
      \`--json\`: \`{"path", "logs": [...], "cursor", "has_more", "summary": {...}}\`.
    `,
    examples: [
      ['Audit trail of a credential', 'scaivault audit trail environments/production/salesforce/oauth'],
      ['Who read it this month', "scaivault audit trail app/db/credentials --start 2026-04-01 --all --json | jq -r '.logs[] | select(.action==\"read\") | .identity_id' | sort -u"],
    ],
  });

  secretPath = Option.String({ name: 'path' });
  start = Option.String('--start', { description: 'From this date (midnight UTC) or ISO 8601 timestamp, inclusive' });
  end = Option.String('--end', { description: 'Up to this date or timestamp, exclusive' });
  limit = Option.String('--limit', { description: 'Entries per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });

  async execute(): Promise<number> {
    const path = requireSecretPath(this.secretPath);
    const window = parseWindow(this.start, this.end);
    const paging = readPaging(this);
    const client = await this.api();
    await printTrail(this.output, (options) => client.audit.trail(path, options), window, paging, { path });
    return 0;
  }
}
