import { Option } from 'clipanion';
import { CliError, UsageError } from '../../errors/cli-error.js';
import { describeError } from '../../errors/describe-error.js';
import { ExitCode } from '../../errors/exit-codes.js';
import { checkConfigValue, findConfigKey } from '../../config/config-keys.js';
import { Tokens } from '../../di/tokens.js';
import { ScaiVaultCommand } from '../../plugin/scaivault-command.js';
import { readSecretInput } from '../../services/secret-input.js';

export class AuthLoginCommand extends ScaiVaultCommand {
  static override paths = [['auth', 'login']];
  static override effect = 'write' as const;
  static override tool = false as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Authentication',
    description: 'Check a token (or client credentials) against the server and store it',
    details: `
      The credential is checked with \`GET /v1/auth/whoami\` before anything is saved; a rejected one is never stored.
      It is stored in \`config.json\` in the scaivault home with mode 0600.

      Pass \`--token -\` (or \`--client-secret -\`) to read the value from stdin, so it never appears in the process list
      or shell history. On a terminal, \`-\` or leaving out \`--token\` prompts for it without echo.
    `,
    examples: [
      ['Log in with a token from the environment', 'printenv SCAIVAULT_TOKEN | scaivault auth login --token -'],
      ['Log in to a given server', 'scaivault auth login --url https://vault.example --token -'],
      ['Log in with client credentials', 'scaivault auth login --client-id ci-deployer --client-secret - < secret.txt'],
    ],
  });

  token = Option.String('--token', { description: 'Token to store, or - to read it from stdin' });
  clientId = Option.String('--client-id', { description: 'Client id for the client-credentials grant' });
  clientSecret = Option.String('--client-secret', { description: 'Client secret, or - to read it from stdin' });
  override url = Option.String('--url', { description: 'API base URL to log in to (saved as base_url)' });

  async execute(): Promise<number> {
    if (this.token !== undefined && (this.clientId !== undefined || this.clientSecret !== undefined)) {
      throw new UsageError('use either --token or --client-id/--client-secret, not both');
    }
    if ((this.clientId === undefined) !== (this.clientSecret === undefined)) {
      throw new UsageError('--client-id and --client-secret go together');
    }
    const credentials = this.resolve(Tokens.Credentials);
    const api = this.resolve(Tokens.ApiClient);
    if (this.url !== undefined) {
      const problem = checkConfigValue(findConfigKey('base_url')!, this.url);
      if (problem) throw new UsageError(`invalid --url: ${problem}`);
    }
    const baseUrl = this.url ?? this.config.value('base_url')!;

    if (this.clientId !== undefined) {
      const clientSecret = await this.readSecret(this.clientSecret, 'client secret', 'pass --client-secret - and pipe the secret on stdin');
      const client = await api({ baseUrl, clientId: this.clientId, clientSecret });
      let identity: object;
      try {
        identity = await client.auth.whoami();
      } catch (error) {
        throw clientCredentialsRejected(error, this.config.value('token_url')!);
      }
      if (this.url) this.config.set('base_url', this.url);
      credentials.saveClientCredentials(this.clientId, clientSecret);
      return this.done(identity, baseUrl);
    }

    const token = await this.readSecret(this.token, 'token', 'pass --token - and pipe the token on stdin');
    const client = await api({ baseUrl, token });
    const identity = await client.auth.whoami();
    if (this.url) this.config.set('base_url', this.url);
    credentials.saveToken(token);
    return this.done(identity, baseUrl);
  }

  private readSecret(given: string | undefined, what: string, missingHint: string): Promise<string> {
    return readSecretInput(given, what, { stdin: this.context.stdin, prompt: this.resolve(Tokens.Prompt), missingHint });
  }

  private done(identity: object, baseUrl: string): number {
    const who = (identity as { identity_id?: string }).identity_id ?? 'unknown identity';
    this.output.success(`Logged in to ${baseUrl} as ${who}`, identity);
    return 0;
  }
}

/**
 * A refused client-credentials login is about the client id and secret (or the token endpoint),
 * not about a token the user never gave; the generic advice would send them the wrong way.
 */
function clientCredentialsRejected(error: unknown, tokenUrl: string): unknown {
  const report = describeError(error);
  if (report.exitCode !== ExitCode.Auth) return error;
  const requestId = report.requestId ? ` (request ${report.requestId})` : '';
  return new CliError(`the client credentials were not accepted: ${report.message}${requestId}`, {
    exitCode: ExitCode.Auth,
    code: report.code,
    hint: `check --client-id and --client-secret, and that token_url (${tokenUrl}) is the right token endpoint`,
  });
}
