import { BackendUnavailable } from './backend-store.js';

/** Reads the secret a backend's config names (as the backend's identity, through the access policies). */
export type CredentialReader = (path: string) => Promise<Record<string, unknown>>;

/** A string field of a credentials secret, or a failure naming the field and the path (never a value). */
export function credentialField(data: Record<string, unknown>, field: string, path: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value === '')
    throw new BackendUnavailable(`the credentials secret '${path}' has no string field '${field}'`, 'auth_failed');
  return value;
}
