import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBadInput, runOffline, singlePluginDistribution, type OfflineRunOptions } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-secrets', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const run = (argv: string[], options: Omit<OfflineRunOptions, 'distribution'> = {}) => runOffline(argv, { distribution, ...options });

const dir = mkdtempSync(join(tmpdir(), 'sv-secrets-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const emptyFile = join(dir, 'empty.txt');
writeFileSync(emptyFile, '');

const P = 'app/db/credentials';

/** Each case: argv (and stdin), and a piece of the one-line error it must print. Nothing may be sent. */
const cases: Array<{ argv: string[]; stdin?: string; says: RegExp }> = [
  // paths
  { argv: ['secrets', 'read'], says: /./ },
  { argv: ['secrets', 'read', '/app/db'], says: /invalid secret path "\/app\/db"/ },
  { argv: ['secrets', 'read', 'App/DB'], says: /invalid secret path/ },
  { argv: ['secrets', 'read', 'app/../db'], says: /invalid secret path/ },
  { argv: ['secrets', 'read', P, '--version', '0'], says: /--version/ },
  { argv: ['secrets', 'read', P, '--version', 'latest'], says: /--version must be a whole number/ },
  // write: key=value pairs
  { argv: ['secrets', 'write', P], says: /no data to write/ },
  { argv: ['secrets', 'write', P, 'password'], says: /expected key=value, got "password"/ },
  { argv: ['secrets', 'write', P, '=value'], says: /expected key=value, got "=value"/ },
  { argv: ['secrets', 'write', P, 'pass word=x'], says: /invalid key "pass word"/ },
  { argv: ['secrets', 'write', P, 'a=1', 'a=2'], says: /key "a" is given twice/ },
  // write: key=@file and key=@@x
  { argv: ['secrets', 'write', P, 'key=@'], says: /key=@ needs a file name/ },
  { argv: ['secrets', 'write', P, `key=@${join(dir, 'missing.txt')}`], says: /cannot read key=@.*missing\.txt: no such file/ },
  { argv: ['secrets', 'write', P, `key=@${dir}`], says: /cannot read key=@.*: it is a directory/ },
  // write: key=-
  { argv: ['secrets', 'write', P, 'a=-', 'b=-'], stdin: 'x', says: /only one value can be read from stdin \(key=-\)/ },
  { argv: ['secrets', 'write', P, 'password=-'], stdin: '', says: /stdin is empty: no value for password=-/ },
  { argv: ['secrets', 'write', P, 'password=-'], stdin: '\n', says: /stdin is empty: no value for password=-/ },
  // write: --json-file
  { argv: ['secrets', 'write', P, 'a=1', '--json-file', '-'], says: /either key=value arguments or --json-file, not both/ },
  { argv: ['secrets', 'write', P, '--json-file', '-'], stdin: '', says: /stdin/ },
  { argv: ['secrets', 'write', P, '--json-file', '-'], stdin: '{"a":', says: /stdin is not valid JSON/ },
  { argv: ['secrets', 'write', P, '--json-file', '-'], stdin: '[1, 2]', says: /stdin must hold a JSON object/ },
  { argv: ['secrets', 'write', P, '--json-file', '-'], stdin: '{}', says: /stdin holds an empty object: nothing to write/ },
  {
    argv: ['secrets', 'write', P, '--json-file', join(dir, 'missing.json')],
    says: /cannot read --json-file .*missing\.json: no such file/,
  },
  // write: options
  { argv: ['secrets', 'write', P, 'a=1', '--type', 'yaml'], says: /invalid --type "yaml"/ },
  { argv: ['secrets', 'write', P, 'a=1', '--expires-in', '30x'], says: /invalid duration for --expires-in: "30x"/ },
  { argv: ['secrets', 'write', P, 'a=1', '--expires-in', ''], says: /--expires-in/ },
  { argv: ['secrets', 'write', P, 'a=1', '--expires-in', '-5d'], says: /invalid duration for --expires-in: "-5d".*cannot be negative/ },
  { argv: ['secrets', 'write', P, 'a=1', '--max-versions', '0'], says: /--max-versions must be between 1 and 1000/ },
  { argv: ['secrets', 'write', P, 'a=1', '--max-versions', 'many'], says: /--max-versions must be a whole number/ },
  { argv: ['secrets', 'write', P, 'a=1', '--secret-policy', 'sp strong'], says: /invalid --secret-policy "sp strong"/ },
  // list
  { argv: ['secrets', 'list', '--limit', '0'], says: /--limit must be between 1 and 1000/ },
  { argv: ['secrets', 'list', '--all', '--cursor', 'abc'], says: /--all and --cursor cannot be combined/ },
  { argv: ['secrets', 'list', '--cursor', ' '], says: /--cursor is empty/ },
  { argv: ['secrets', 'list', '--all', '--ndjson', '--field', 'path'], says: /--ndjson and --field cannot be combined/ },
  // delete, restore, versions, rotate, expiring
  { argv: ['secrets', 'delete', P, '--hard'], says: /--hard deletes every version permanently: add --yes/ },
  { argv: ['secrets', 'delete', '/x'], says: /invalid secret path/ },
  { argv: ['secrets', 'restore'], says: /missing <path>/ },
  { argv: ['secrets', 'restore', 'app//db'], says: /invalid secret path/ },
  { argv: ['secrets', 'versions', 'app/db/'], says: /invalid secret path/ },
  { argv: ['secrets', 'rotate', 'App'], says: /invalid secret path/ },
  { argv: ['secrets', 'expiring', '--days', '0'], says: /--days must be between 1 and 3650/ },
  { argv: ['secrets', 'expiring', '--days', 'soon'], says: /--days must be a whole number/ },
];

for (const { argv, stdin, says } of cases) {
  test(`exit 5, one line, no request: ${argv.slice(1).join(' ')}${stdin === undefined ? '' : ` < ${JSON.stringify(stdin)}`}`, async () => {
    assertBadInput(await run(argv, stdin === undefined ? {} : { stdin }), says);
  });
}

test('an empty file given as key=@FILE is written as an empty value: only stdin and the prompt refuse emptiness', async () => {
  const result = await run(['secrets', 'write', P, `key=@${emptyFile}`], {
    exchanges: [
      {
        request: { method: 'PUT', path: `/v1/secrets/${P}`, body: { data: { key: '' }, secret_type: 'kv' } },
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: { path: P, version: 1 } },
      },
    ],
  });
  assert.deepEqual([result.exitCode, result.stdout, result.stderr, result.allUsed], [0, `Wrote version 1 of ${P}\n`, '', true]);
});
