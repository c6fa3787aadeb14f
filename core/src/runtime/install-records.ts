import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { FileSystem } from '../fs/file-system.js';

/** What `plugins install` recorded about one plugin: its version and the digest of its files. */
export interface InstallRecord {
  name: string;
  version: string;
  digest: string;
}

/** Install records in install order, which is also discovery order among installed plugins. */
export function installRecordsFile(home: string): string {
  return join(home, 'plugins', 'installed.json');
}

export function readInstallRecords(fs: FileSystem, home: string): InstallRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(installRecordsFile(home), 'utf8') as string);
  } catch {
    return [];
  }
  const plugins = (parsed as { plugins?: unknown }).plugins;
  if (!Array.isArray(plugins)) return [];
  return plugins.filter(
    (record): record is InstallRecord =>
      typeof record?.name === 'string' && typeof record.version === 'string' && typeof record.digest === 'string',
  );
}

export function writeInstallRecords(fs: FileSystem, home: string, records: readonly InstallRecord[]): void {
  writeFileAtomic(fs, installRecordsFile(home), `${JSON.stringify({ formatVersion: 1, plugins: records }, null, 2)}\n`, { mode: 0o600 });
}

/** The records with `record` in place of the one of the same name (or added last, when new). */
export function withRecord(records: readonly InstallRecord[], record: InstallRecord): InstallRecord[] {
  return records.some((r) => r.name === record.name) ? records.map((r) => (r.name === record.name ? record : r)) : [...records, record];
}
