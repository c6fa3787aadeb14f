import type { ScaiVaultClient } from '@scaivault/sdk';
import { Command, Option } from 'clipanion';
import type { ConfigStore } from '../config/config-store.js';
import { Tokens, type Token } from '../di/tokens.js';
import type { Output } from '../output/output.js';
import type { CommandContext } from './command-context.js';

/**
 * The base of every scaivault command. It brings the shared output options and typed access to
 * the invocation's services. A command implements `execute()`, throws typed errors for failures
 * (the runtime maps them to exit codes in one place) and never calls `process.exit`.
 */
export abstract class ScaiVaultCommand extends Command<CommandContext> {
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
