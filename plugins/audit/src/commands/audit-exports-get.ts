import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { exportPairs } from '../audit-view.js';
import { requireExportId } from '../input/ids.js';

export class AuditExportsGetCommand extends ScaiVaultCommand {
  static override paths = [['audit', 'exports', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Audit',
    description: 'Show an audit export job: its status and, once completed, the files it wrote',
    examples: [
      ['Show an export job', 'scaivault audit exports get exp_01hk7x9z'],
      ['Just its status', 'scaivault audit exports get exp_01hk7x9z --field status'],
    ],
  });

  exportId = Option.String({ name: 'export-id' });

  async execute(): Promise<number> {
    const id = requireExportId(this.exportId);
    const client = await this.api();
    const job = await client.audit.getExport(id);
    this.output.object(job, { human: exportPairs(job) });
    return 0;
  }
}
