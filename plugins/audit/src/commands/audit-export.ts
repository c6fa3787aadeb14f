import { CliError, Tokens, UsageError, parseDuration, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { AuditExportInput } from '@scaivault/core/sdk';
import { AuditFilterCommand } from '../filter-command.js';
import { exportFilterBody } from '../input/filters.js';

const FORMATS = ['jsonl', 'csv'] as const;
const DESTINATIONS = ['s3', 'gcs', 'azure_blob'] as const;
const POLL_MS = 2_000;
const DEFAULT_TIMEOUT = '30m';

export class AuditExportCommand extends AuditFilterCommand {
  static override paths = [['audit', 'export']];
  static override effect = 'write' as const;

  static override usage = AuditFilterCommand.Usage({
    category: 'Audit',
    description: 'Export audit entries to cloud storage (a job that runs on the server)',
    details: `
      Starts an export of the entries matching the same filters as \`audit query\` to an S3, GCS or Azure Blob
      bucket, as JSON lines or CSV. Without \`--start\` it begins at the oldest entry; without \`--end\` it runs up to
      the moment the job starts. Upload credentials are never given on
      the command line: \`--credentials-path\` names the ScaiVault secret that holds them.

      Prints the job (\`exp_...\`) and returns at once; \`--wait\` polls until the job completes and prints the files
      it wrote (exit 1 if it failed). \`audit exports get\` shows a job later.
    `,
    examples: [
      [
        'Export April to S3 as JSON lines',
        'scaivault audit export --start 2026-04-01 --end 2026-05-01 --destination s3 --bucket acme-audit --bucket-prefix scaivault/ --credentials-path infra/aws/audit-writer --wait',
      ],
      [
        'Failed production requests as CSV, to GCS',
        'scaivault audit export --start 2026-04-01 --end 2026-05-01 --format csv --outcome failed --path-prefix environments/production/ --destination gcs --bucket acme-audit --credentials-path infra/gcp/audit-writer',
      ],
    ],
  });

  format = Option.String('--format', { description: 'jsonl (one entry per line, default) or csv' });
  destination = Option.String('--destination', { description: 'Where to write: s3, gcs or azure_blob (required)' });
  bucket = Option.String('--bucket', { description: 'Bucket or container name (required)' });
  bucketPrefix = Option.String('--bucket-prefix', { description: 'Prefix for the object names, e.g. scaivault/' });
  credentialsPath = Option.String('--credentials-path', { description: 'Secret holding the upload credentials (required)' });
  wait = Option.Boolean('--wait', false, { description: 'Wait until the export has completed' });
  timeout = Option.String('--timeout', { description: `With --wait, give up after this long (default ${DEFAULT_TIMEOUT})` });

  async execute(): Promise<number> {
    const request = this.request();
    const timeoutMs = parseDuration(this.timeout ?? DEFAULT_TIMEOUT, '--timeout') * 1000;
    if (this.timeout !== undefined && !this.wait) throw new UsageError('--timeout applies only with --wait');
    const client = await this.api();
    let job = await client.audit.export(request);
    if (this.wait) {
      const id = job.export_id;
      job = await this.resolve(Tokens.Waits).poll(job, {
        get: () => client.audit.getExport(id),
        done: (current) => current.status === 'completed' || current.status === 'failed',
        intervalMs: POLL_MS,
        timeoutMs,
        describe: (current) =>
          `export ${current.export_id}: ${current.status}, ${current.records_written ?? 0} of about ${current.estimated_records ?? '?'} entries`,
        interrupted: () => `stopped waiting; export ${id} goes on on the server: check it with \`scaivault audit exports get ${id}\``,
        timedOut: (current) =>
          new CliError(`export ${id} is still ${current.status} after ${this.timeout ?? DEFAULT_TIMEOUT}`, {
            code: 'timeout',
            hint: `check later with \`scaivault audit exports get ${id}\``,
          }),
      });
    }
    const files = job.manifest?.files ?? [];
    const headline =
      job.status === 'completed'
        ? `Export ${job.export_id} completed: ${job.records_written ?? job.estimated_records ?? 0} entries in ${files.length} file${files.length === 1 ? '' : 's'}`
        : `Export ${job.export_id} ${job.status} (about ${job.estimated_records ?? '?'} entries); check with \`scaivault audit exports get ${job.export_id}\``;
    const fileLines = files.map((file) => `  ${file.path} (${file.records ?? '?'} entries, ${file.bytes ?? '?'} bytes)`);
    this.output.object(job, { human: [headline, ...fileLines].join('\n') });
    if (job.status === 'failed')
      throw new CliError(`export ${job.export_id} failed${job.error ? `: ${job.error}` : ''}`, { code: 'export_failed' });
    return 0;
  }

  /** Checks every flag before any request. */
  private request(): AuditExportInput {
    const filters = this.filters();
    const format = this.format ?? 'jsonl';
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`invalid --format ${JSON.stringify(format)}`, `use one of ${FORMATS.join(', ')}`);
    if (this.destination === undefined) throw new UsageError('--destination is required', `one of ${DESTINATIONS.join(', ')}`);
    if (!(DESTINATIONS as readonly string[]).includes(this.destination))
      throw new UsageError(`invalid --destination ${JSON.stringify(this.destination)}`, `use one of ${DESTINATIONS.join(', ')}`);
    if (this.bucket === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(this.bucket)) {
      throw new UsageError(
        this.bucket === undefined ? '--bucket is required' : `invalid --bucket ${JSON.stringify(this.bucket)}`,
        'a bucket or container name, e.g. acme-audit',
      );
    }
    if (this.bucketPrefix !== undefined && (this.bucketPrefix.startsWith('/') || /[\s\\]/.test(this.bucketPrefix))) {
      throw new UsageError(
        `invalid --bucket-prefix ${JSON.stringify(this.bucketPrefix)}`,
        'an object name prefix such as scaivault/audit/',
      );
    }
    if (this.credentialsPath === undefined)
      throw new UsageError('--credentials-path is required', 'the path of the secret holding the upload credentials');
    const credentialsPath = requireSecretPath(this.credentialsPath);
    const body = exportFilterBody(filters);
    return {
      ...(filters.from === undefined ? {} : { from: filters.from }),
      ...(filters.to === undefined ? {} : { to: filters.to }),
      format: format as AuditExportInput['format'],
      ...(Object.keys(body).length > 0 ? { filters: body } : {}),
      destination: {
        type: this.destination as AuditExportInput['destination']['type'],
        bucket: this.bucket,
        ...(this.bucketPrefix === undefined ? {} : { prefix: this.bucketPrefix }),
        credentials_path: credentialsPath,
      },
    };
  }
}
