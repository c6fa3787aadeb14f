#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startServer } from './start-server.js';

const USAGE = `Usage: scaivault-server [--port 8200] [--host 127.0.0.1] [--root-token T] [--data-dir DIR]

Starts a ScaiVault-compatible local server (not a production vault). Without --data-dir
everything is kept in memory. The root token may also come from SCAIVAULT_DEV_ROOT_TOKEN.
Prints export lines for SCAIVAULT_URL and SCAIVAULT_TOKEN on stdout; logs requests on stderr.`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'root-token': { type: 'string' },
        'data-dir': { type: 'string' },
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
  const rootToken = values['root-token'] ?? (process.env.SCAIVAULT_DEV_ROOT_TOKEN || undefined);
  const server = await startServer({
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: values['data-dir'],
    ...(rootToken === undefined ? {} : { rootToken }),
    logger: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`export SCAIVAULT_URL=${server.url}\nexport SCAIVAULT_TOKEN=${server.rootToken}\n`);
  process.stderr.write(`ScaiVault local server listening on ${server.url} (${values['data-dir'] ? `data in ${values['data-dir']}` : 'in memory'}); not a production vault.\n`);

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
    process.exitCode = (error as NodeJS.ErrnoException).code === 'EDATADIR' ? 5 : 1;
  },
);
