import type { ScaiVaultClient } from '@scaivault/sdk';
import { Command, Option } from 'clipanion';
import type { ConfigStore } from '../config/config-store.js';
import type { CommandEffect } from '../loader/types.js';
import { Tokens, type Token } from '../di/tokens.js';
import type { Output } from '../output/output.js';
import type { CommandContext } from './command-context.js';

/**
 * The root of every scaivault command, with no options of its own: typed access to the
 * invocation's services. A command implements `execute()`, throws typed errors for failures (the
 * runtime maps them to exit codes in one place) and never calls `process.exit`. Extend it directly
 * only for commands whose output is not data (a server, a script): they get no --json or --field.
 */
export abstract class PlainCommand extends Command<CommandContext> {
  /** Names an option's value in help where its name alone would mislead, e.g. `{ '--webhook': 'id' }`. */
  static placeholders?: Readonly<Record<string, string>>;

  /**
   * What running the command does — `read`, `reveal` (prints secret values), `write` or `destroy` —
   * recorded in the manifest for tools that act for the user (`scaivault mcp`). Undeclared is `write`.
   */
  static effect?: CommandEffect;

  /** Where the `--json` output holds secret values (`data`, `data.password`, `keys.*.value`). */
  static reveals?: readonly string[];

  /** `false` for a command no tool may run: one that runs until stopped, or needs a person at a terminal. */
  static tool?: false;

  /** Options a tool must not offer, such as `--follow`, which would never return. */
  static toolOmits?: readonly string[];

  /** Resolves a service registered in the invocation's container. */
  protected resolve<T>(token: Token<T>): T {
    return this.context.container.resolve<T>(token);
  }

  protected get output(): Output {
    return this.resolve(Tokens.Output);
  }

  protected get config(): ConfigStore {
    return this.resolve(Tokens.Config);
  }

  /** The API client, created on first use from the configured URL and credentials. */
  protected api(): Promise<ScaiVaultClient> {
    return this.resolve(Tokens.ApiClient)();
  }
}

/** A command that prints data but talks to no server: the shared output options only. */
export abstract class LocalCommand extends PlainCommand {
  json = Option.Boolean('--json', { description: 'Print machine-readable JSON' });

  field = Option.String('--field', { description: 'Print only this field, raw (e.g. --field password)' });

  /**
   * Whether an invalid `output` setting stops the command before it runs. The commands that
   * repair or clear the configuration turn this off, so a bad setting cannot lock them out.
   */
  protected readonly requiresValidOutputSetting: boolean = true;

  override async validateAndExecute(): Promise<number> {
    // The runtime falls back to tables when `output` is invalid; here that becomes the exit-5 error it is.
    if (this.json === undefined && this.requiresValidOutputSetting) this.config.get('output');
    return super.validateAndExecute();
  }
}

/**
 * The base of every command that calls the ScaiVault API. Besides the output options it takes the
 * connection flags, which outrank the environment and the config file for this one invocation.
 */
export abstract class ScaiVaultCommand extends LocalCommand {
  url = Option.String('--url', { description: 'API base URL for this call (overrides SCAIVAULT_URL and base_url)' });

  tenant = Option.String('--tenant', { description: 'Act in this tenant, for partner admins (overrides tenant_id)' });

  partner = Option.String('--partner', { description: 'Act as this partner (overrides partner_id)' });
}
