import { ScaiVaultCommand, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireIdentity } from '../input/ids.js';
import { parseWindow } from '../input/time.js';
import { printTrail } from '../trail.js';

export class AuditIdentityCommand extends ScaiVaultCommand {
  static override paths = [['audit', 'identity']];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Audit',
    description: 'Show what one identity did, with a 30-day summary',
    details: `
      Every audited request made by the identity (a user, a service account or a group), newest first, then a
      summary of the last 30 days. Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the
      end. Under \`--json\`: \`{"identity_id", "logs": [...], "cursor", "has_more", "summary": {...}}\`.
    `,
    examples: [
      ['What a service account did', 'scaivault audit identity sa:reporting'],
      ['Which secrets a user touched today', "scaivault audit identity user:alice@acme.example --start 2026-04-23 --all --json | jq -r '.logs[].secret_path' | sort -u"],
    ],
  });

  identityId = Option.String({ name: 'identity' });
  start = Option.String('--start', { description: 'From this date (midnight UTC) or ISO 8601 timestamp, inclusive' });
  end = Option.String('--end', { description: 'Up to this date or timestamp, exclusive' });
  limit = Option.String('--limit', { description: 'Entries per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });

  async execute(): Promise<number> {
    const identity = requireIdentity(this.identityId);
    const window = parseWindow(this.start, this.end);
    const paging = readPaging(this);
    const client = await this.api();
    await printTrail(this.output, (options) => client.audit.identityTrail(identity, options), window, paging, { identity_id: identity });
    return 0;
  }
}
