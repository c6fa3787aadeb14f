import { Resolver } from 'node:dns/promises';

/**
 * Whether every authoritative server of `zone` already answers `value` in the TXT record `name`:
 * asked directly (no recursive resolver's cache in between), so the CA is told only once it can see it.
 * `nameservers` (`host` or `host:port`) come from the provider's config; without them, the zone's NS
 * records are looked up through the system resolver and each is asked on port 53.
 */
export async function txtVisibleEverywhere(zone: string, name: string, value: string, nameservers: readonly string[]): Promise<boolean> {
  const servers = nameservers.length > 0 ? [...nameservers] : await zoneNameservers(zone);
  if (servers.length === 0) return false;
  for (const server of servers) {
    const resolver = new Resolver({ timeout: 2000, tries: 2 });
    resolver.setServers([server]);
    const values = await resolver.resolveTxt(name).then(
      (records) => records.map((chunks) => chunks.join('')),
      () => [] as string[],
    );
    if (!values.includes(value)) return false;
  }
  return true;
}

async function zoneNameservers(zone: string): Promise<string[]> {
  const system = new Resolver({ timeout: 3000, tries: 2 });
  const hosts = await system.resolveNs(zone).catch(() => [] as string[]);
  const addresses: string[] = [];
  for (const host of hosts) {
    addresses.push(...(await system.resolve4(host).catch(() => [] as string[])));
    addresses.push(...(await system.resolve6(host).catch(() => [] as string[])).map((address) => `[${address}]`));
  }
  return addresses;
}
