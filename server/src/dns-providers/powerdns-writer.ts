import type { DnsRecordWriter } from './dns-record-writer.js';
import { DnsProviderError } from './dns-record-writer.js';

export interface PowerDnsCredentials {
  /** The API's base URL, e.g. `http://127.0.0.1:8081` (the writer appends `/api/v1/...`). */
  api_url: string;
  api_key: string;
  /** PowerDNS's server id; `localhost` on every stock install. */
  server_id: string;
}

const REQUEST_TIMEOUT_MS = 15_000;

interface RrSet {
  name: string;
  type: string;
  ttl?: number;
  records: { content: string; disabled?: boolean }[];
}

/** TXT content in zone-file form: one quoted string, with `"` and `\` escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** PowerDNS Authoritative through its HTTP API (`X-API-Key`): one rrset PATCH per change. */
export class PowerDnsWriter implements DnsRecordWriter {
  constructor(private readonly credentials: PowerDnsCredentials) {}

  private url(path: string): string {
    return `${this.credentials.api_url.replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(this.credentials.server_id)}${path}`;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers: { 'X-API-Key': this.credentials.api_key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch {
      throw new DnsProviderError(`the PowerDNS API at ${new URL(this.credentials.api_url).origin} could not be reached`);
    }
    if (response.status === 401 || response.status === 403)
      throw new DnsProviderError(`the PowerDNS API refused the API key (HTTP ${response.status})`);
    return response;
  }

  private async txtValues(zone: string, name: string): Promise<{ values: string[]; ttl: number }> {
    const response = await this.call('GET', `/zones/${encodeURIComponent(`${zone}.`)}`);
    if (response.status === 404 || response.status === 422) throw new DnsProviderError(`PowerDNS does not serve the zone ${zone}`);
    if (!response.ok) throw new DnsProviderError(`PowerDNS answered HTTP ${response.status} reading the zone ${zone}`);
    const { rrsets } = (await response.json()) as { rrsets: RrSet[] };
    const rrset = rrsets.find((candidate) => candidate.type === 'TXT' && candidate.name === `${name}.`);
    return { values: rrset?.records.map((record) => record.content) ?? [], ttl: rrset?.ttl ?? 60 };
  }

  private async replace(zone: string, name: string, values: string[], ttl: number): Promise<void> {
    const rrset =
      values.length === 0
        ? { name: `${name}.`, type: 'TXT', changetype: 'DELETE' }
        : { name: `${name}.`, type: 'TXT', ttl, changetype: 'REPLACE', records: values.map((content) => ({ content, disabled: false })) };
    const response = await this.call('PATCH', `/zones/${encodeURIComponent(`${zone}.`)}`, { rrsets: [rrset] });
    if (response.status !== 204 && !response.ok)
      throw new DnsProviderError(`PowerDNS refused the TXT change at ${name} (HTTP ${response.status})`);
  }

  async addTxt(zone: string, name: string, value: string): Promise<void> {
    const current = await this.txtValues(zone, name);
    if (current.values.includes(quoted(value))) return;
    await this.replace(zone, name, [...current.values, quoted(value)], Math.min(current.ttl, 60));
  }

  async removeTxt(zone: string, name: string, value: string): Promise<void> {
    const current = await this.txtValues(zone, name);
    if (!current.values.includes(quoted(value))) return;
    await this.replace(
      zone,
      name,
      current.values.filter((content) => content !== quoted(value)),
      current.ttl,
    );
  }

  async verify(zones: readonly string[]): Promise<void> {
    const response = await this.call('GET', '/zones');
    if (response.status === 404) throw new DnsProviderError(`PowerDNS has no server ${this.credentials.server_id}`);
    if (!response.ok) throw new DnsProviderError(`PowerDNS answered HTTP ${response.status} listing zones`);
    const served = new Set(((await response.json()) as { name: string }[]).map((zone) => zone.name.replace(/\.$/, '').toLowerCase()));
    const missing = zones.filter((zone) => !served.has(zone));
    if (missing.length > 0) throw new DnsProviderError(`PowerDNS does not serve ${missing.join(', ')}`);
  }
}
