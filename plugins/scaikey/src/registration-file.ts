import { join } from 'node:path';
import { UsageError, writeFileAtomic, type FileSystem } from '@scaivault/core';

/** What `scaikey register` keeps for `scaikey status`: the request and its status token (a credential). */
export interface SavedRegistration {
  request_id: string;
  status_token: string;
  scaikey_url: string;
  scope: string;
  tenant_slug: string | null;
  partner_slug: string | null;
  contact_email: string;
  submitted_at: string;
}

/** In the scaivault home (SCAIVAULT_HOME, else ~/.scaivault). */
export const REGISTRATION_FILE = 'scaikey-registration.json';

export function registrationPath(home: string): string {
  return join(home, REGISTRATION_FILE);
}

/** Written atomically with mode 0600: the status token lets its holder pick up the client secret. */
export function saveRegistration(fs: FileSystem, home: string, saved: SavedRegistration): void {
  writeFileAtomic(fs, registrationPath(home), `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600, dirMode: 0o700 });
}

export function loadRegistration(fs: FileSystem, home: string): SavedRegistration | undefined {
  const path = registrationPath(home);
  if (!fs.existsSync(path)) return undefined;
  let parsed: Partial<SavedRegistration>;
  try {
    parsed = JSON.parse(String(fs.readFileSync(path, 'utf8'))) as Partial<SavedRegistration>;
  } catch {
    throw new UsageError(
      `${REGISTRATION_FILE} in the scaivault home is not a registration file scaivault wrote`,
      'remove it and register again',
    );
  }
  if (typeof parsed.request_id !== 'string' || typeof parsed.status_token !== 'string' || typeof parsed.scaikey_url !== 'string')
    throw new UsageError(
      `${REGISTRATION_FILE} in the scaivault home lacks request_id, status_token or scaikey_url`,
      'remove it and register again',
    );
  return parsed as SavedRegistration;
}

export function removeRegistration(fs: FileSystem, home: string): void {
  fs.rmSync(registrationPath(home), { force: true });
}
