import type { Env } from '../../config/config-store.js';

/**
 * The environment npm runs with: the user's (so their npm settings — registry, proxy, `.npmrc` —
 * apply), minus every `SCAIVAULT_*` variable. npm and whatever it fetches have no business with the
 * user's ScaiVault token, URL or other settings.
 */
export function npmEnvironment(env: Env): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !/^SCAIVAULT_/i.test(name)) result[name] = value;
  }
  result.npm_config_update_notifier = 'false';
  return result;
}
