/** What the ACME area needs of a DNS provider: add and remove one TXT value, and prove the credentials work. */
export interface DnsRecordWriter {
  /** Adds `value` to the TXT values at `name` in `zone`, keeping the others: a name and its wildcard share one record name. */
  addTxt(zone: string, name: string, value: string): Promise<void>;
  /** Removes `value` from the TXT values at `name`; the record goes once its last value does. */
  removeTxt(zone: string, name: string, value: string): Promise<void>;
  /** Checks the credentials reach the DNS API and each zone is served there. */
  verify(zones: readonly string[]): Promise<void>;
}

/**
 * Places and removes http-01 tokens (`/.well-known/acme-challenge/<token>` on the name's web server).
 * Only an operator's exec hook can: it runs where the operator decided, with access to the site.
 */
export interface HttpTokenWriter {
  addHttpToken(domain: string, token: string, keyAuthorization: string): Promise<void>;
  removeHttpToken(domain: string, token: string, keyAuthorization: string): Promise<void>;
}

export function placesHttpTokens(writer: object): writer is HttpTokenWriter {
  return typeof (writer as Partial<HttpTokenWriter>).addHttpToken === 'function';
}

/**
 * A DNS provider refused or failed. The message says what went wrong in words safe to show the
 * caller: never a credential, never the provider's raw answer (it may echo one).
 */
export class DnsProviderError extends Error {
  override readonly name = 'DnsProviderError';
}
