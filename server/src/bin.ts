#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startServer } from './start-server.js';
import { EnvironmentMasterKeySource, KeyFileMasterKeySource } from './crypto/shared-master-key.js';
import { tokenPinFromEnvironment } from './crypto/key-root/token-pin.js';
import { WEBHOOK_TARGET_POLICIES, type WebhookTargetPolicy } from './event-delivery/webhook-targets.js';

const USAGE = `Usage: scaivault-server [--port 8200] [--host 127.0.0.1] [--root-token T] [--data-dir DIR]
                        [--storage postgres://USER@HOST:PORT/DB] [--master-key-file FILE]
                        [--webhook-targets public|loopback|private] [--public-url URL]
                        [--scaikey-issuer URL [--scaikey-audience AUD] [--scaikey-url URL]]

Starts a ScaiVault-compatible local server (not a production vault). Without --data-dir
everything is kept in memory. The root token may also come from SCAIVAULT_DEV_ROOT_TOKEN.
The master key is DIR/master.key (made on first start) unless --master-key-file names a file of
32 bytes, mode 0600, or SCAIVAULT_MASTER_KEY holds them in base64. --storage keeps everything in
PostgreSQL 14+ instead (several servers may share it; the master key must then be given).
A data directory prepared by \`scaivault tpm init\` has its master key wrapped by a PKCS#11 token
(TPM or HSM): the token's user PIN comes from SCAIVAULT_TPM_USERPIN or a file named by
SCAIVAULT_TPM_USERPIN_FILE.
Prints export lines for SCAIVAULT_URL and SCAIVAULT_TOKEN on stdout; logs requests on stderr.
Webhooks may target public addresses, and loopback ones too while the server listens on
loopback (so a receiver on this machine works); --webhook-targets sets this explicitly.
--public-url is the origin clients reach this server at (behind a proxy, say); issued certificates
point their CRL and OCSP URLs there. Default: the address it listens on.
--scaikey-issuer trusts JWT access tokens from that ScaiKey issuer (audience --scaikey-audience,
default scaivault) beside the server's own tokens. Identity sync reads ScaiKey at --scaikey-url
(default the issuer) as the client in SCAIVAULT_SCAIKEY_CLIENT_ID / SCAIVAULT_SCAIKEY_CLIENT_SECRET;
ScaiKey's change webhooks are checked with SCAIVAULT_SCAIKEY_WEBHOOK_SECRET.`;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'root-token': { type: 'string' },
        'data-dir': { type: 'string' },
        'webhook-targets': { type: 'string' },
        'master-key-file': { type: 'string' },
        storage: { type: 'string' },
        'public-url': { type: 'string' },
        'scaikey-issuer': { type: 'string' },
        'scaikey-audience': { type: 'string' },
        'scaikey-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 5;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 8200 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number from 0 to 65535\n`);
    return 5;
  }
  const host = values.host ?? '127.0.0.1';
  const targets = values['webhook-targets'] ?? (LOOPBACK_HOSTS.has(host) ? 'loopback' : 'public');
  if (!(WEBHOOK_TARGET_POLICIES as readonly string[]).includes(targets)) {
    process.stderr.write(`--webhook-targets must be one of ${WEBHOOK_TARGET_POLICIES.join(', ')}\n`);
    return 5;
  }
  const rootToken = values['root-token'] ?? (process.env.SCAIVAULT_DEV_ROOT_TOKEN || undefined);
  const keyFromEnvironment = process.env.SCAIVAULT_MASTER_KEY || undefined;
  if (values['master-key-file'] !== undefined && keyFromEnvironment !== undefined) {
    process.stderr.write('give the master key once: --master-key-file or SCAIVAULT_MASTER_KEY, not both\n');
    return 5;
  }
  const masterKeySource =
    values['master-key-file'] !== undefined
      ? new KeyFileMasterKeySource(values['master-key-file'])
      : keyFromEnvironment !== undefined
        ? new EnvironmentMasterKeySource(keyFromEnvironment)
        : undefined;
  if (values['scaikey-issuer'] === undefined && (values['scaikey-audience'] !== undefined || values['scaikey-url'] !== undefined)) {
    process.stderr.write('--scaikey-audience and --scaikey-url go with --scaikey-issuer\n');
    return 5;
  }
  const env = (name: string) => process.env[name] || undefined;
  // The client secret and webhook secret come from the environment only, never the process list.
  const scaikey =
    values['scaikey-issuer'] === undefined
      ? undefined
      : {
          issuer: values['scaikey-issuer'],
          ...(values['scaikey-audience'] === undefined ? {} : { audience: values['scaikey-audience'] }),
          ...(values['scaikey-url'] === undefined ? {} : { url: values['scaikey-url'] }),
          ...(env('SCAIVAULT_SCAIKEY_CLIENT_ID') ? { clientId: env('SCAIVAULT_SCAIKEY_CLIENT_ID')! } : {}),
          ...(env('SCAIVAULT_SCAIKEY_CLIENT_SECRET') ? { clientSecret: env('SCAIVAULT_SCAIKEY_CLIENT_SECRET')! } : {}),
          ...(env('SCAIVAULT_SCAIKEY_WEBHOOK_SECRET') ? { webhookSecret: env('SCAIVAULT_SCAIKEY_WEBHOOK_SECRET')! } : {}),
        };
  const server = await startServer({
    ...(scaikey === undefined ? {} : { scaikey }),
    port,
    host,
    webhookTargets: targets as WebhookTargetPolicy,
    dataDir: values['data-dir'],
    ...(values.storage === undefined ? {} : { storage: values.storage }),
    ...(masterKeySource === undefined ? {} : { masterKeySource }),
    keyRootPin: tokenPinFromEnvironment(process.env),
    ...(rootToken === undefined ? {} : { rootToken }),
    ...(values['public-url'] === undefined ? {} : { publicUrl: values['public-url'] }),
    logger: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`export SCAIVAULT_URL=${server.url}\nexport SCAIVAULT_TOKEN=${server.rootToken}\n`);
  process.stderr.write(
    `ScaiVault local server listening on ${server.url} (${values.storage ? 'data in PostgreSQL' : values['data-dir'] ? `data in ${values['data-dir']}` : 'in memory'}; webhooks may target ${targets === 'public' ? 'public addresses only' : targets === 'loopback' ? 'public and loopback addresses' : 'public, loopback and private addresses'}); not a production vault.\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`received ${signal}, shutting down\n`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await server.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`scaivault-server: ${(error as Error).message}\n`);
    const code = (error as NodeJS.ErrnoException).code;
    process.exitCode =
      code === 'EDATADIR' || code === 'EMASTERKEY' || code === 'ESTORAGEOPTION' || code === 'EPUBLICURL' || code === 'ESCAIKEY' ? 5 : 1;
  },
);
