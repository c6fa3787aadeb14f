import type { ScaiVaultClient } from '@scaivault/sdk';

/** The development ScaiKey a `scaikey` scenario runs beside the server: its origin and admin API token. */
export interface ScenarioScaiKey {
  url: string;
  adminToken: string;
}

/** What a scenario's setup gets besides the SDK client. */
export interface ScenarioContext {
  /** Set for scenarios with `scaikey: true`. */
  scaikey?: ScenarioScaiKey;
}

/**
 * A fixture scenario: what to prepare on a fresh local server (not recorded), then the command
 * line whose HTTP exchanges are recorded into `fixtures/<group>/<name>.json`.
 */
export interface FixtureScenario {
  name: string;
  description: string;
  /** Prepares the server through the SDK; returns values the command line refers to (ids, paths). */
  setup?: (client: ScaiVaultClient) => Promise<Record<string, string> | void>;
  /** Instead of `setup`, for scenarios that also prepare the development ScaiKey (with `scaikey: true`). */
  setupWithContext?: (client: ScaiVaultClient, context: ScenarioContext) => Promise<Record<string, string> | void>;
  /**
   * Run a development ScaiKey beside the server, trusted by it, reached by the command through
   * SCAIVAULT_SCAIKEY_URL (its exchanges are recorded with the server's, at the same origin).
   */
  scaikey?: boolean;
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
