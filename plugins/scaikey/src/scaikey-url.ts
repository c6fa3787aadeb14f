import { UsageError } from '@scaivault/core';
import type { ConfigStore } from '@scaivault/core';

/** Where ScaiKey is: `--scaikey-url`, else SCAIVAULT_SCAIKEY_URL, else `scaikey_url` in the config file, else the managed one. */
export function scaikeyUrlOf(flag: string | undefined, config: ConfigStore): string {
  if (flag === undefined) return config.value('scaikey_url')!.replace(/\/+$/, '');
  let url: URL | undefined;
  try {
    url = new URL(flag);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new UsageError(`invalid --scaikey-url: expected an http(s) URL, got ${JSON.stringify(flag)}`);
  return flag.replace(/\/+$/, '');
}
