import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBadInput, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-subscriptions', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

const SUB = 'sub_abc';
const CREATE = ['create', '--name', 'alerts', '--paths', 'app/**', '--events', 'secret.rotated'];

/** Each line is bad input: it must exit 5 with one line on stderr, before any request. */
const cases: Array<[string, string[]]> = [
  ['create without --name', ['create', '--paths', 'app/**', '--events', 'secret.*']],
  ['create without --paths', ['create', '--name', 'a', '--events', 'secret.*']],
  ['create without --events', ['create', '--name', 'a', '--paths', 'app/**']],
  ['create with a blank name', ['create', '--name', ' ', '--paths', 'app/**', '--events', 'secret.*']],
  ['create with an upper-case glob', ['create', '--name', 'a', '--paths', 'App/**', '--events', 'secret.*']],
  ['create with a glob with a leading slash', ['create', '--name', 'a', '--paths', '/app/**', '--events', 'secret.*']],
  ['create with "**" inside a segment', ['create', '--name', 'a', '--paths', 'app/x**', '--events', 'secret.*']],
  ['create with an empty glob item', ['create', '--name', 'a', '--paths', 'app/**,', '--events', 'secret.*']],
  ['create with an empty --paths', ['create', '--name', 'a', '--paths', '', '--events', 'secret.*']],
  ['create with a malformed event type', ['create', '--name', 'a', '--paths', 'app/**', '--events', 'Secret.Rotated']],
  ['create with an unknown event type', ['create', '--name', 'a', '--paths', 'app/**', '--events', 'secret.rotated,secret.rotate']],
  ['create with an unknown event family', ['create', '--name', 'a', '--paths', 'app/**', '--events', 'secrets.*']],
  ['create with an event type given twice', ['create', '--name', 'a', '--paths', 'app/**', '--events', 'secret.rotated,secret.rotated']],
  ['create with a relative webhook URL', [...CREATE, '--webhook', 'hooks.example/xxx']],
  ['create with a non-http webhook URL', [...CREATE, '--webhook', 'ftp://hooks.example/xxx']],
  ['create with a secret file but no webhook', [...CREATE, '--webhook-secret-file', 'secret.txt']],
  [
    'create with an unreadable secret file',
    [...CREATE, '--webhook', 'https://hooks.example/x', '--webhook-secret-file', '/nonexistent/secret.txt'],
  ],
  ['create with an empty secret on stdin', [...CREATE, '--webhook', 'https://hooks.example/x', '--webhook-secret-file', '-']],
  ['create with --buffer-size and --webhook', [...CREATE, '--webhook', 'https://hooks.example/x', '--buffer-size', '10']],
  ['create with --buffer-size 0', [...CREATE, '--buffer-size', '0']],
  ['create with an extra argument', [...CREATE, 'extra']],
  ['list with --limit 0', ['list', '--limit', '0']],
  ['list with --all and --cursor', ['list', '--all', '--cursor', 'c']],
  ['list with an empty --cursor', ['list', '--cursor', '']],
  ['get without an id', ['get']],
  ['get with an id holding a slash', ['get', 'sub/abc']],
  ['delete without --yes, not on a terminal', ['delete', SUB]],
  ['delete with two ids', ['delete', SUB, 'sub_def', '--yes']],
  ['poll without an id', ['poll']],
  ['poll with a bad timeout', ['poll', SUB, '--timeout', '30x']],
  ['poll with a timeout over 60 s', ['poll', SUB, '--timeout', '61s']],
  ['poll with a timeout and no unit', ['poll', SUB, '--timeout', '30']],
  ['poll with a timeout in milliseconds', ['poll', SUB, '--timeout', '1500ms']],
  ['poll with a timeout in hours', ['poll', SUB, '--timeout', '1h']],
  ['poll with --max-events 0', ['poll', SUB, '--max-events', '0']],
  ['poll with --max-events over 1000', ['poll', SUB, '--max-events', '1001']],
  ['poll with a malformed --since', ['poll', SUB, '--since', 'abc']],
  ['poll --follow with --field', ['poll', SUB, '--follow', '--field', 'path']],
  ['poll --follow with a bad timeout', ['poll', SUB, '--follow', '--timeout', '-1']],
  ['ack without event ids', ['ack', SUB]],
  ['ack with a malformed event id', ['ack', SUB, 'evt_01HK', 'not-an-event']],
];

for (const [name, argv] of cases) {
  test(`${name}: exit 5, one line on stderr, no request`, async () => {
    assertBadInput(await runOffline(['subscriptions', ...argv], { distribution, stdin: '\n' }));
  });
}
