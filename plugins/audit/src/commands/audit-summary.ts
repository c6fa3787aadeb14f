import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { summaryPairs } from '../audit-view.js';
import { parseWindow } from '../input/time.js';

export class AuditSummaryCommand extends ScaiVaultCommand {
  static override paths = [['audit', 'summary']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Audit',
    description: 'Count audit events: totals, failures, identities, secrets and actions',
    details: `
      Without \`--start\` the summary covers the last 30 days. \`--json\` prints everything the server counts,
      including the busiest paths and identities when it reports them.
    `,
    examples: [
      ['The last 30 days', 'scaivault audit summary'],
      ['One quarter', 'scaivault audit summary --start 2026-01-01 --end 2026-04-01'],
      ['Failed requests only', 'scaivault audit summary --field failed_events'],
    ],
  });

  start = Option.String('--start', { description: 'From this date (midnight UTC) or ISO 8601 timestamp, inclusive' });
  end = Option.String('--end', { description: 'Up to this date or timestamp, exclusive' });

  async execute(): Promise<number> {
    const window = parseWindow(this.start, this.end);
    const client = await this.api();
    const summary = await client.audit.summary(window);
    this.output.object(summary, { human: summaryPairs(summary) });
    return 0;
  }
}
