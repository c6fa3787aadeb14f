import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBadInput, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution(
  '@scaivault/plugin-service-accounts',
  join(dirname(fileURLToPath(import.meta.url)), '..', '..'),
);

const SA = 'sva_abc';

/** Each line is bad input: it must exit 5 with one line on stderr, before any request. */
const cases: Array<[string, string[]]> = [
  ['create without --name', ['create', '--roles', 'secrets-reader']],
  ['create without --roles', ['create', '--name', 'CI']],
  ['create with a blank name', ['create', '--name', '  ', '--roles', 'secrets-reader']],
  ['create with an empty role list', ['create', '--name', 'CI', '--roles', '']],
  ['create with an upper-case role', ['create', '--name', 'CI', '--roles', 'Secrets-Reader']],
  ['create with a role given twice', ['create', '--name', 'CI', '--roles', 'auditor,auditor']],
  ['create with an empty role item', ['create', '--name', 'CI', '--roles', 'auditor,,subscriber']],
  ['create with an extra argument', ['create', 'extra', '--name', 'CI', '--roles', 'auditor']],
  ['list with --limit 0', ['list', '--limit', '0']],
  ['list with a non-numeric --limit', ['list', '--limit', 'ten']],
  ['list with --all and --cursor', ['list', '--all', '--cursor', 'abc']],
  ['list with an empty --cursor', ['list', '--cursor', '']],
  ['list with an extra argument', ['list', 'extra']],
  ['get without an id', ['get']],
  ['get with two ids', ['get', SA, 'sva_def']],
  ['get with an id holding a slash', ['get', '../sva_abc']],
  ['delete without --yes, not on a terminal', ['delete', SA]],
  ['delete without an id', ['delete', '--yes']],
  ['create-key without --name', ['create-key', SA]],
  ['create-key without an account', ['create-key', '--name', 'k']],
  ['create-key with a bad duration', ['create-key', SA, '--name', 'k', '--expires-in', '30x']],
  ['create-key with a zero duration', ['create-key', SA, '--name', 'k', '--expires-in', '0d']],
  ['create-key --store-in with capitals', ['create-key', SA, '--name', 'k', '--store-in', 'CI/keys/prod']],
  ['create-key --store-in with a leading slash', ['create-key', SA, '--name', 'k', '--store-in', '/ci/keys']],
  ['create-key --store-in with an empty segment', ['create-key', SA, '--name', 'k', '--store-in', 'ci//keys']],
  ['create-key --store-in ending in a reserved segment', ['create-key', SA, '--name', 'k', '--store-in', 'ci/keys/versions']],
  ['create-key --store-in with a glob', ['create-key', SA, '--name', 'k', '--store-in', 'ci/keys/*']],
  ['list-keys without an account', ['list-keys']],
  ['list-keys with an extra argument', ['list-keys', SA, 'key_x']],
  ['delete-key without a key id', ['delete-key', SA, '--yes']],
  ['delete-key without --yes, not on a terminal', ['delete-key', SA, 'key_xyz']],
  ['delete-key with a bad key id', ['delete-key', SA, 'key x', '--yes']],
];

for (const [name, argv] of cases) {
  test(`${name}: exit 5, one line on stderr, no request`, async () => {
    assertBadInput(await runOffline(['service-accounts', ...argv], { distribution }));
  });
}
