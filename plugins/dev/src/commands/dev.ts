import { CliError, PlainCommand, Tokens, UsageError, parseInteger, readCredential } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { importServer } from '../server-module.js';
import { waitForShutdown } from '../shutdown.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class DevCommand extends PlainCommand {
  static override paths = [['dev']];
  static override effect = 'write' as const;
  static override tool = false as const;

  static override usage = PlainCommand.Usage({
    category: 'Development',
    description: 'Run a local ScaiVault-compatible server (in memory, or durable with --data-dir)',
    details: `
      Starts a local server for trying scaivault and for tests. It is not a production vault.
      Once it accepts requests it prints two lines on stdout, \`export SCAIVAULT_URL=...\` and \`export SCAIVAULT_TOKEN=...\`
      (the root token), so scripts can \`eval\` them; requests are logged on stderr (send them to a file: \`2> dev.log\`). SIGINT or SIGTERM stop it cleanly.
      Without \`--data-dir\` everything is lost when it stops; with it, data is kept in SQLite, secret values encrypted
      under a master key stored in that directory with mode 0600. \`--storage postgres://...\` keeps data in PostgreSQL 14+
      instead, under the master key given by \`--master-key-file\` (32 bytes, mode 0600) or SCAIVAULT_MASTER_KEY (base64). The root token can come from \`--root-token -\` (stdin)
      or SCAIVAULT_DEV_ROOT_TOKEN so it need not appear in the process list; by default a random one is made.
      A data directory prepared by \`scaivault tpm init\` keeps its master key wrapped by a TPM or HSM; the token's user PIN
      then comes from SCAIVAULT_TPM_USERPIN or a file named by SCAIVAULT_TPM_USERPIN_FILE, never the command line.
      Webhooks and webhook subscriptions may target public addresses; on a loopback \`--host\` (the default) they may
      also target loopback ones, so a receiver on this machine works. Private, link-local and reserved addresses are refused.
      \`--dns-hook NAME=PATH\` (repeatable) installs a hook that \`exec\` DNS providers may name: the program at PATH is run
      for ACME dns-01 records and http-01 tokens (the API can only name a hook, never give a path).
      \`--scaikey\` also starts a development ScaiKey (an identity provider, in memory, on \`--scaikey-port\`) that this server
      trusts: its JWT access tokens are accepted, its change webhooks keep the identity cache current, and identity sync reads
      it. Three more lines are printed before the two above: \`SCAIVAULT_SCAIKEY_URL\`, \`SCAIVAULT_TOKEN_URL\` (its token
      endpoint) and \`SCAIKEY_ADMIN_TOKEN\` (its admin API: approving registrations, adding users and groups).
      \`--scaikey-auto-approve\` approves every registration as it arrives.
    `,
    examples: [
      ['Start a throwaway server', 'scaivault dev'],
      ['Keep data between runs', 'scaivault dev --port 8200 --data-dir ./vault-data'],
      ['An ACME hook exec providers can name', 'scaivault dev --dns-hook webroot=/etc/scaivault/hooks/webroot'],
      ['With a development ScaiKey beside it', 'scaivault dev --scaikey > /tmp/sv.env 2> /tmp/sv.log &'],
      [
        'Use it from the same shell, its request log in a file',
        'scaivault dev > /tmp/sv.env 2> /tmp/sv.log & sleep 1; . /tmp/sv.env; scaivault secrets list',
      ],
    ],
  });

  port = Option.String('--port', '8200', { description: 'TCP port (default 8200; 0 picks a free one)' });
  host = Option.String('--host', '127.0.0.1', { description: 'Interface to bind (default 127.0.0.1, loopback only)' });
  rootToken = Option.String('--root-token', { description: 'Root token, or - to read it from stdin' });
  dataDir = Option.String('--data-dir', { description: 'Keep data in this directory (SQLite)' });
  storage = Option.String('--storage', {
    description: 'Keep data in PostgreSQL 14+ instead: postgres://user@host:port/db (several servers may share it)',
  });
  publicUrl = Option.String('--public-url', {
    description: 'The origin clients reach this server at (behind a proxy); issued certificates point their CRL and OCSP URLs there',
  });
  masterKeyFile = Option.String('--master-key-file', {
    description: 'The master key every server shares: a file of 32 bytes, mode 0600 (or SCAIVAULT_MASTER_KEY, base64)',
  });

  dnsHooks = Option.Array('--dns-hook', [], {
    description: 'NAME=PATH: a program exec DNS providers may name, run for ACME records and tokens (repeatable)',
  });

  scaikey = Option.Boolean('--scaikey', false, { description: 'Also start a development ScaiKey this server trusts' });
  scaikeyPort = Option.String('--scaikey-port', '8201', {
    description: 'Port of the development ScaiKey (default 8201; 0 picks a free one)',
  });
  scaikeyAutoApprove = Option.Boolean('--scaikey-auto-approve', false, {
    description: 'Approve every ScaiKey registration as it arrives (with --scaikey)',
  });

  async execute(): Promise<number> {
    const port = parseInteger(this.port, '--port', { min: 0, max: 65535 });
    const dnsExecHooks = readDnsHooks(this.dnsHooks, this.resolve(Tokens.FileSystem));
    const scaikeyPort = parseInteger(this.scaikeyPort, '--scaikey-port', { min: 0, max: 65535 });
    if (!this.scaikey && this.scaikeyAutoApprove) throw new UsageError('--scaikey-auto-approve goes with --scaikey');
    const env = this.resolve(Tokens.Env);
    const rootToken = this.rootToken === '-' ? await readCredential(this.context.stdin) : (this.rootToken ?? env.SCAIVAULT_DEV_ROOT_TOKEN);
    if (rootToken !== undefined && (rootToken === '' || /\s/.test(rootToken)))
      throw new UsageError('the root token must be non-empty and contain no whitespace');

    const { startServer, startDevScaiKey, KeyFileMasterKeySource, EnvironmentMasterKeySource, tokenPinFromEnvironment } =
      await importServer();
    if (this.masterKeyFile !== undefined && env.SCAIVAULT_MASTER_KEY)
      throw new UsageError('give the master key once: --master-key-file or SCAIVAULT_MASTER_KEY, not both');
    const masterKeySource =
      this.masterKeyFile !== undefined
        ? new KeyFileMasterKeySource(this.masterKeyFile)
        : env.SCAIVAULT_MASTER_KEY
          ? new EnvironmentMasterKeySource(env.SCAIVAULT_MASTER_KEY)
          : undefined;
    const stderr = this.context.stderr;
    // Loopback webhook targets only while the server itself is reachable only from this machine.
    const webhookTargets = LOOPBACK.has(this.host) ? 'loopback' : 'public';
    let server;
    let scaikey: Awaited<ReturnType<typeof startDevScaiKey>> | undefined;
    let webhookSecret: string | undefined;
    try {
      if (this.scaikey) {
        scaikey = await startDevScaiKey({
          port: scaikeyPort,
          host: this.host,
          autoApprove: this.scaikeyAutoApprove,
          logger: (line) => stderr.write(`${line}\n`),
        });
        webhookSecret = (await import('node:crypto')).randomBytes(32).toString('base64url');
      }
      const syncClient = scaikey?.createSyncClient();
      server = await startServer({
        ...(scaikey && syncClient
          ? {
              scaikey: {
                issuer: scaikey.issuer,
                audience: scaikey.audience,
                clientId: syncClient.client_id,
                clientSecret: syncClient.client_secret,
                webhookSecret,
              },
            }
          : {}),
        port,
        host: this.host,
        ...(this.dataDir ? { dataDir: this.dataDir } : {}),
        ...(this.storage ? { storage: this.storage } : {}),
        ...(masterKeySource ? { masterKeySource } : {}),
        ...(this.publicUrl !== undefined ? { publicUrl: this.publicUrl } : {}),
        dnsExecHooks,
        keyRootPin: tokenPinFromEnvironment(env),
        ...(rootToken ? { rootToken } : {}),
        logger: (line) => stderr.write(`${line}\n`),
        webhookTargets,
      });
    } catch (error) {
      await scaikey?.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new CliError(`port ${(error as { port?: number }).port ?? port} on ${this.host} is already in use`, {
          hint: this.scaikey
            ? 'pass --port or --scaikey-port with another port, or 0 for any free one'
            : 'pass --port with another port, or --port 0 for any free one',
        });
      // Not an address of this machine (or not an address at all): the flag is wrong, not the server.
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
        throw new UsageError(
          `cannot listen on --host ${this.host}: it is not an address of this machine`,
          'pass --host 127.0.0.1 (the default), ::1, or the address of one of its interfaces',
        );
      }
      if (code === 'EACCES')
        throw new CliError(`port ${port} on ${this.host} needs privileges this user does not have`, {
          hint: 'pass --port 1024 or above, or --port 0 for any free one',
        });
      // The server says in one sentence why the data directory cannot be used (a file, /proc, no permission).
      if (code === 'EDATADIR')
        throw new UsageError((error as Error).message, 'pass --data-dir a directory you can write, or leave it out to keep data in memory');
      // A storage URL or master key that cannot be used: one sentence, never the key itself.
      if (code === 'ESTORAGEOPTION' || code === 'EMASTERKEY' || code === 'EPUBLICURL') throw new UsageError((error as Error).message);
      throw error;
    }
    // Only once it listens: a --host it cannot bind gets the error alone.
    if (!LOOPBACK.has(this.host))
      this.output.warn(`binding ${this.host}: other machines can reach this server, which is not a production vault`);
    // ScaiKey's lines first: a reader waiting for the two ScaiVault lines then has all of them.
    if (scaikey) scaikey.addWebhook(`${server.url}/v1/identity/webhooks/scaikey`, webhookSecret!);
    const scaikeyExports = scaikey
      ? `export SCAIVAULT_SCAIKEY_URL=${scaikey.url}\nexport SCAIVAULT_TOKEN_URL=${scaikey.tokenUrl}\nexport SCAIKEY_ADMIN_TOKEN=${scaikey.adminToken}\n`
      : '';
    this.context.stdout.write(`${scaikeyExports}export SCAIVAULT_URL=${server.url}\nexport SCAIVAULT_TOKEN=${server.rootToken}\n`);
    if (scaikey)
      this.output.info(
        `development ScaiKey on ${scaikey.url} (in memory; its tokens are trusted by this server) — not a production identity provider.`,
      );
    this.output.info(
      `ScaiVault local server on ${server.url} (${this.storage ? 'data in PostgreSQL' : this.dataDir ? `data in ${this.dataDir}` : 'in memory'}; webhooks may target ${webhookTargets === 'loopback' ? 'public and loopback' : 'only public'} addresses) — not a production vault. Ctrl-C stops it.`,
    );
    const signal = await waitForShutdown();
    this.output.info(`${signal}: shutting down`);
    await server.close();
    await scaikey?.close();
    return 0;
  }
}

/** `--dns-hook NAME=PATH` values: a plain name, an absolute path to a file that exists. */
function readDnsHooks(values: readonly string[], fs: { existsSync(path: string): boolean }): Record<string, string> {
  const hooks: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const name = at < 0 ? '' : value.slice(0, at);
    const path = at < 0 ? '' : value.slice(at + 1);
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(name) || !path.startsWith('/'))
      throw new UsageError(`--dns-hook: ${JSON.stringify(value)} must be NAME=/absolute/path (a plain name, letters, digits, - and _)`);
    if (!fs.existsSync(path)) throw new UsageError(`--dns-hook ${name}: ${path} does not exist`);
    if (name in hooks) throw new UsageError(`--dns-hook ${name} is given twice`);
    hooks[name] = path;
  }
  return hooks;
}
