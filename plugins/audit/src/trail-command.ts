import { ScaiVaultCommand, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { AuditTrail, AuditTrailOptions, ScaiVaultClient } from '@scaivault/core/sdk';
import { parseWindow } from './input/time.js';
import { printTrail } from './trail.js';

/** The subject of a trail, checked: the fields naming it under --json, and how to fetch its entries. */
export interface TrailSubject {
  fields: Record<string, string>;
  fetch: (client: ScaiVaultClient, options: AuditTrailOptions) => Promise<AuditTrail>;
}

/** What `audit trail` and `audit identity` share: the window and paging flags, checked before any request, and the printing. */
export abstract class TrailCommand extends ScaiVaultCommand {
  start = Option.String('--start', { description: 'From this date (midnight UTC) or ISO 8601 timestamp, inclusive' });
  end = Option.String('--end', { description: 'Up to this date or timestamp, exclusive' });
  limit = Option.String('--limit', { description: 'Entries per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  /** Checks the command's argument; a bad one is a usage error before any request. */
  protected abstract subject(): TrailSubject;

  async execute(): Promise<number> {
    const subject = this.subject();
    const window = parseWindow(this.start, this.end);
    const paging = readPaging(this);
    const client = await this.api();
    const target = { output: this.output, stdout: this.context.stdout, ndjson: paging.ndjson };
    await printTrail(target, (options) => subject.fetch(client, options), window, paging, subject.fields);
    return 0;
  }
}
