import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress, type AddressClass } from './address-class.js';

export { WEBHOOK_TARGET_POLICIES, type HostResolver, type WebhookTargetPolicy } from '../modules/server-settings.js';
import type { HostResolver, WebhookTargetPolicy } from '../modules/server-settings.js';

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** A target that passed the check: the request must connect to `address`, not resolve the name again. */
export interface CheckedTarget {
  url: URL;
  /** The host name (or literal address) the URL names, for the Host header and TLS. */
  hostname: string;
  address: string;
}

export class TargetRefused extends Error {}

/** The URL's host without the brackets of an IPv6 literal. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

const DESCRIPTION: Record<AddressClass, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  never: 'a link-local, multicast or reserved address',
};

/**
 * The one place webhook URLs are judged. A URL's host is resolved and every address it has must
 * be allowed; the sender then connects to the address that was checked, so a name that changes
 * its answer between check and connection (DNS rebinding) cannot redirect a delivery. The URL
 * parser has already turned decimal, octal, hex and short IPv4 spellings into dotted form, and
 * IPv6 forms that embed an IPv4 address are judged by that address.
 */
export class WebhookTargets {
  constructor(
    private readonly policy: WebhookTargetPolicy,
    private readonly resolve: HostResolver = systemResolver,
  ) {}

  /** For every delivery: resolves now and refuses unless every address is allowed. */
  async check(rawUrl: string): Promise<CheckedTarget> {
    const url = this.parse(rawUrl);
    const hostname = hostOf(url);
    let addresses: string[];
    try {
      addresses = isIP(hostname) ? [hostname] : await this.resolve(hostname);
    } catch {
      throw new TargetRefused(`the host '${hostname}' does not resolve`);
    }
    if (addresses.length === 0) throw new TargetRefused(`the host '${hostname}' does not resolve`);
    for (const address of addresses) this.requireAllowed(address, hostname);
    return { url, hostname, address: addresses[0]! };
  }

  /**
   * For create and update: the same check, except that a name which does not resolve yet is
   * accepted (its DNS may come later) — every delivery checks it again before connecting.
   */
  async checkForStorage(rawUrl: string): Promise<void> {
    const hostname = hostOf(this.parse(rawUrl));
    if (isIP(hostname)) {
      this.requireAllowed(hostname, hostname);
      return;
    }
    let addresses: string[];
    try {
      addresses = await this.resolve(hostname);
    } catch {
      return;
    }
    for (const address of addresses) this.requireAllowed(address, hostname);
  }

  private parse(rawUrl: string): URL {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new TargetRefused('not an absolute http(s) URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefused('not an absolute http(s) URL');
    if (url.username !== '' || url.password !== '') throw new TargetRefused('credentials in the URL are not allowed');
    return url;
  }

  private requireAllowed(address: string, hostname: string): void {
    const kind = classifyAddress(address);
    const allowed =
      kind === 'public' || (kind === 'loopback' && this.policy !== 'public') || (kind === 'private' && this.policy === 'private');
    if (allowed) return;
    const where = address === hostname ? address : `'${hostname}' resolves to ${address}, which`;
    const hint =
      kind === 'never'
        ? ''
        : ` (this server allows ${this.policy === 'public' ? 'only public' : this.policy === 'loopback' ? 'public and loopback' : 'public, loopback and private'} targets)`;
    throw new TargetRefused(`${where} is ${DESCRIPTION[kind]}${hint}`);
  }
}
