import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

async function withSecrets(client: ScaiVaultClient): Promise<void> {
  await client.secrets.write('app/db', { username: 'admin', password: 'example-password' });
  await client.secrets.write('app/config', { 'log-level': 'debug', port: '8080' });
}

// An absolute path: the scenarios' environment has no PATH to look programs up in.
const SH = '/bin/sh';

/** `scaivault run` against a fresh local server, with a real program printing what it was given. */
export const scenarios: FixtureScenario[] = [
  {
    name: 'env',
    description: 'run --env puts one field into the program’s environment and exits with its code',
    setup: withSecrets,
    argv: ['run', '--env', 'DB_USER=app/db#username', '--', SH, '-c', 'echo "user=$DB_USER"; exit 3'],
  },
  {
    name: 'from-prefix',
    description: 'run --from sets a variable for every field, upper-cased, with --prefix',
    setup: withSecrets,
    argv: ['run', '--from', 'app/config', '--prefix', 'APP_', '--', SH, '-c', 'echo "$APP_LOG_LEVEL $APP_PORT"'],
  },
  {
    name: 'env-overrides-from',
    description: 'an --env binding wins over a --from field of the same name, and each secret is read once',
    setup: withSecrets,
    argv: ['run', '--from', 'app/config', '--env', 'PORT=app/db#username', '--', SH, '-c', 'echo "$PORT $LOG_LEVEL"'],
  },
  {
    name: 'missing-field',
    description: 'a field the secret does not have is exit 4 before anything starts',
    setup: withSecrets,
    argv: ['run', '--env', 'X=app/db#token', '--', SH, '-c', 'echo started'],
  },
  {
    name: 'missing-secret',
    description: 'a secret that does not exist is exit 4 before anything starts',
    argv: ['run', '--env', 'X=app/missing#token', '--', SH, '-c', 'echo started'],
  },
];
