import type { ScaiVaultClient } from '@scaivault/sdk';

/**
 * A fixture scenario: what to prepare on a fresh local server (not recorded), then the command
 * line whose HTTP exchanges are recorded into `fixtures/<group>/<name>.json`.
 */
export interface FixtureScenario {
  name: string;
  description: string;
  /** Prepares the server through the SDK; returns values the command line refers to (ids, paths). */
  setup?: (client: ScaiVaultClient) => Promise<Record<string, string> | void>;
  /** The command line, possibly built from what `setup` returned. */
  argv: string[] | ((vars: Record<string, string>) => string[]);
  stdin?: string | ((vars: Record<string, string>) => string);
  env?: Record<string, string>;
  /**
   * Response fields (dot paths, `*` for any key) whose values the server generates at random, e.g.
   * a rotated password or an API key: they are replaced, everywhere in the fixture, by placeholders.
   */
  generated?: string[];
}
