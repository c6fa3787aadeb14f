#!/usr/bin/env node
// scaikey-dev: the development ScaiKey on its own, for a ScaiVault started elsewhere.
import { parseArgs } from 'node:util';
import { startDevScaiKey } from './start-dev-scaikey.js';

const USAGE = `Usage: scaikey-dev [--port 8201] [--host 127.0.0.1] [--audience scaivault] [--auto-approve]
                   [--webhook URL]

Starts a development ScaiKey (an identity provider, in memory; not a production one): the public
registration API with an approval step, client-credentials JWTs with JWKS and OIDC discovery,
identity listing, and signed change webhooks. Prints export lines for SCAIVAULT_SCAIKEY_URL,
SCAIVAULT_TOKEN_URL and SCAIKEY_ADMIN_TOKEN on stdout; logs requests on stderr. --webhook sends
every directory change to URL, signed with the secret in SCAIKEY_WEBHOOK_SECRET (required with it).`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        audience: { type: 'string' },
        'auto-approve': { type: 'boolean' },
        webhook: { type: 'string' },
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
  const port = values.port === undefined ? 8201 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('--port must be a number from 0 to 65535\n');
    return 5;
  }
  const webhookSecret = process.env.SCAIKEY_WEBHOOK_SECRET || undefined;
  if (values.webhook !== undefined && (!/^https?:\/\/\S+$/.test(values.webhook) || webhookSecret === undefined)) {
    process.stderr.write('--webhook needs an http(s) URL and the signing secret in SCAIKEY_WEBHOOK_SECRET\n');
    return 5;
  }
  const running = await startDevScaiKey({
    port,
    host: values.host ?? '127.0.0.1',
    ...(values.audience === undefined ? {} : { audience: values.audience }),
    autoApprove: values['auto-approve'] === true,
    logger: (line) => process.stderr.write(`${line}\n`),
  });
  if (values.webhook !== undefined) running.addWebhook(values.webhook, webhookSecret!);
  process.stdout.write(
    `export SCAIVAULT_SCAIKEY_URL=${running.url}\nexport SCAIVAULT_TOKEN_URL=${running.tokenUrl}\nexport SCAIKEY_ADMIN_TOKEN=${running.adminToken}\n`,
  );
  process.stderr.write(`development ScaiKey on ${running.url} (in memory) — not a production identity provider.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await running.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`scaikey-dev: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
