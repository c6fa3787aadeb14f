import { CliError, ExitCode, NotFoundError, ScaiVaultCommand, Tokens, UsageError, describeError, readCredential } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { Registration, RegistrationCredentials } from '@scaivault/core/sdk';
import { REGISTRATION_FILE, loadRegistration, removeRegistration } from '../registration-file.js';
import { scaikeyUrlOf } from '../scaikey-url.js';

/** How often `--wait` asks ScaiKey again. */
const POLL_MS = 2000;

export class ScaiKeyStatusCommand extends ScaiVaultCommand {
  static override paths = [['scaikey', 'status']];
  // Onboarding that stores credentials in the user's config, as `auth login` does: never an MCP tool.
  static override tool = false as const;
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'ScaiKey',
    description: 'Ask ScaiKey how the registration stands; once approved, store the client credentials',
    details: `
      Reads the registration \`scaivault scaikey register\` saved in the scaivault home (or \`--request-id\` with the status
      token on stdin, \`--status-token -\`) and asks ScaiKey for its status. While it is PENDING this prints that and exits 0
      (\`--wait\` keeps asking every 2 s until it is decided). Once APPROVED, the client id and secret are picked up — ScaiKey
      hands them out once — and stored as \`auth login --client-id\` stores them (\`client_id\`, \`client_secret\` and
      \`token_url\` in config.json, mode 0600); the secret is printed this once. The credentials are then tried against
      ScaiVault (\`GET /v1/auth/whoami\`): a refusal is exit 2, the credentials stay stored. REJECTED, CANCELLED and EXPIRED
      requests are exit 1 and the saved registration is removed.
    `,
    examples: [
      ['Check the registration', 'scaivault scaikey status'],
      ['Wait for the decision', 'scaivault scaikey status --wait'],
    ],
  });

  requestId = Option.String('--request-id', { description: 'A request other than the saved one (its status token from --status-token -)' });
  statusToken = Option.String('--status-token', { description: 'Only - : read the status token from stdin' });
  scaikeyUrl = Option.String('--scaikey-url', { description: 'ScaiKey origin (default: where the saved request was sent)' });
  wait = Option.Boolean('--wait', false, { description: 'Keep asking until the request is decided' });

  async execute(): Promise<number> {
    if (this.statusToken !== undefined && this.statusToken !== '-')
      throw new UsageError(
        '--status-token takes only -, to read the token from stdin (a token on the command line would show in the process list)',
      );
    if ((this.requestId === undefined) !== (this.statusToken === undefined))
      throw new UsageError('--request-id and --status-token - go together');
    const fs = this.resolve(Tokens.FileSystem);
    const home = this.config.home;
    const saved = this.requestId === undefined ? loadRegistration(fs, home) : undefined;
    if (this.requestId === undefined && !saved)
      throw new NotFoundError(
        `no registration is waiting (${REGISTRATION_FILE} in the scaivault home)`,
        'submit one with scaivault scaikey register',
      );
    const requestId = this.requestId ?? saved!.request_id;
    const statusToken = this.statusToken === '-' ? await readCredential(this.context.stdin) : saved!.status_token;
    if (statusToken === '') throw new UsageError('no status token on stdin');
    const scaikeyUrl = this.scaikeyUrl !== undefined || !saved ? scaikeyUrlOf(this.scaikeyUrl, this.config) : saved.scaikey_url;

    const client = await this.resolve(Tokens.ApiClient)({ anonymous: true });
    let registration = await client.scaikey.registration(scaikeyUrl, requestId, statusToken);
    if (this.wait)
      registration = await this.resolve(Tokens.Waits).poll(registration, {
        get: () => client.scaikey.registration(scaikeyUrl, requestId, statusToken),
        done: (current) => current.status !== 'PENDING',
        intervalMs: POLL_MS,
        interrupted: () => `stopped waiting; registration ${requestId} is still PENDING: check it later with scaivault scaikey status`,
      });

    if (registration.status === 'PENDING') {
      this.output.success(`Registration ${requestId} is PENDING: an administrator of ${scaikeyUrl} has not decided yet`, registration);
      return 0;
    }
    if (registration.status !== 'APPROVED') {
      if (saved) removeRegistration(fs, home);
      const reason = registration.rejection_reason ? `: ${registration.rejection_reason}` : '';
      throw new CliError(`registration ${requestId} is ${registration.status}${reason}`, {
        code: `registration_${registration.status.toLowerCase()}`,
        hint: 'submit a new one with scaivault scaikey register',
      });
    }
    if (!registration.credentials) {
      if (saved) removeRegistration(fs, home);
      throw new CliError(
        `registration ${requestId} is APPROVED, but its credentials were already picked up (ScaiKey hands them out once)`,
        {
          code: 'credentials_already_retrieved',
          hint: 'ask a ScaiKey administrator for a new client secret, then scaivault auth login --client-id ... --client-secret -',
        },
      );
    }
    return this.storeCredentials(registration, registration.credentials, saved !== undefined);
  }

  private async storeCredentials(
    registration: Registration,
    credentials: RegistrationCredentials,
    fromSavedFile: boolean,
  ): Promise<number> {
    const tokenUrl = credentials.token_url ?? this.config.value('token_url')!;
    // Stored before anything else can fail: ScaiKey will not show the secret again.
    this.resolve(Tokens.Credentials).saveClientCredentials(credentials.client_id, credentials.client_secret);
    this.config.set('token_url', tokenUrl);
    if (fromSavedFile) removeRegistration(this.resolve(Tokens.FileSystem), this.config.home);
    const baseUrl = this.config.value('base_url')!;
    if (!this.output.json && this.output.options.field === undefined) {
      this.output.success(
        `Registration ${registration.request_id} is APPROVED; client credentials stored in config.json in the scaivault home (token_url ${tokenUrl}).`,
      );
      this.output.object(
        {},
        {
          human: [
            ['Client ID', credentials.client_id],
            ['Client secret', credentials.client_secret],
            ['Tenant', credentials.tenant_id ?? ''],
            ['Scopes', (credentials.scopes ?? []).join(' ')],
          ],
        },
      );
      this.output.info('The client secret is shown this once; ScaiKey will not show it again.');
    }
    let identity: { identity_id?: string };
    try {
      const client = await this.resolve(Tokens.ApiClient)({
        baseUrl,
        clientId: credentials.client_id,
        clientSecret: credentials.client_secret,
        tokenUrl,
      });
      identity = await client.auth.whoami();
    } catch (error) {
      if (this.output.json || this.output.options.field !== undefined) this.output.object(registration);
      const report = describeError(error);
      if (report.exitCode !== ExitCode.Auth) throw error;
      throw new CliError(`the credentials are stored, but ${baseUrl} did not accept them: ${report.message}`, {
        exitCode: ExitCode.Auth,
        code: report.code,
        hint: `check that ${baseUrl} trusts the ScaiKey issuer ${credentials.issuer ?? ''} and that token_url is right`.replace(
          / {2,}/g,
          ' ',
        ),
      });
    }
    if (this.output.json || this.output.options.field !== undefined) this.output.object(registration);
    else this.output.success(`Logged in to ${baseUrl} as ${identity.identity_id ?? 'unknown identity'}`);
    // A token in the environment outranks stored credentials: say so, or the next command seems to ignore them.
    if (this.config.get('token')?.source === 'env')
      this.output.warn('SCAIVAULT_TOKEN is set: commands use it, not the stored client credentials, until it is unset');
    return 0;
  }
}
