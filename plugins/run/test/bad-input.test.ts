import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { assertBadInput, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-run', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const scratch = mkdtempSync(join(tmpdir(), 'sv-run-bad-input-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const refs = join(scratch, 'broken.refs');
writeFileSync(refs, 'DB_USER=scaivault://app/db#username\nDB_PASSWORD=s3cret\n');

const rejected: Array<[string, string[], RegExp]> = [
  ['no program', ['run', '--env', 'X=app/db#password'], /missing the program to run/],
  ['nothing to inject', ['run', '--', 'true'], /nothing to put in the environment/],
  ['--env without =', ['run', '--env', 'X', '--', 'true'], /--env "X": expected NAME=path#field/],
  ['--env without a field', ['run', '--env', 'X=app/db', '--', 'true'], /names no field/],
  ['--env with a bad name', ['run', '--env', 'X-Y=app/db#a', '--', 'true'], /is not an environment variable name/],
  ['--from with a bad path', ['run', '--from', '/app/', '--', 'true'], /--from: "\/app\/" is not a secret path/],
  ['--prefix without --from', ['run', '--prefix', 'APP_', '--env', 'X=app/db#a', '--', 'true'], /--prefix applies to --from/],
  ['--restart-timeout without --watch', ['run', '--restart-timeout', '5s', '--env', 'X=app/db#a', '--', 'true'], /applies to --watch only/],
  [
    '--restart-timeout without a unit',
    ['run', '--watch', '--restart-timeout', '5', '--env', 'X=app/db#a', '--', 'true'],
    /--restart-timeout/,
  ],
  ['--watch with dynamic references only', ['run', '--watch', '--env', 'X=dynamic:pg/ro#password', '--', 'true'], /nothing to watch/],
  [
    'an env file that is not there',
    ['run', '--env-file', join(scratch, 'missing.refs'), '--', 'true'],
    /cannot read --env-file .*: no such file/,
  ],
  [
    'an env file line holding a value',
    ['run', '--env-file', refs, '--', 'true'],
    /broken\.refs:2: the value of DB_PASSWORD is not a scaivault:\/\/ reference/,
  ],
];

describe('bad input is exit 5 with one line on stderr, and nothing is sent or started', () => {
  for (const [name, argv, says] of rejected) test(name, async () => assertBadInput(await runOffline(argv, { distribution }), says));
});
