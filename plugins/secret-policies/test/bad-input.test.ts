import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertBadInput, runOffline, singlePluginDistribution, type OfflineRunOptions } from '@scaivault/core/testing';

const distribution = singlePluginDistribution(
  '@scaivault/plugin-secret-policies',
  join(dirname(fileURLToPath(import.meta.url)), '..', '..'),
);
const run = (argv: string[], options: Omit<OfflineRunOptions, 'distribution'> = {}) => runOffline(argv, { distribution, ...options });

const dir = mkdtempSync(join(tmpdir(), 'sv-secret-policies-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SP = 'sp_strong_password';
const NAME = ['--name', 'Strong Password'];
const create = (...rest: string[]) => ['secret-policies', 'create', ...NAME, ...rest];
const fields = (json: string) => create('--fields', json);

/** Each case: argv (and stdin), and a piece of the one-line error it must print. */
const cases: Array<{ argv: string[]; stdin?: string; says: RegExp }> = [
  // list
  { argv: ['secret-policies', 'list', 'extra'], says: /./ },
  { argv: ['secret-policies', 'list', '--limit', '1001'], says: /--limit must be between 1 and 1000/ },
  { argv: ['secret-policies', 'list', '--limit=-1'], says: /--limit must be between 1 and 1000/ },
  { argv: ['secret-policies', 'list', '--type', 'passwd'], says: /invalid --type "passwd"/ },
  { argv: ['secret-policies', 'list', '--all', '--cursor', 'c1'], says: /--all and --cursor cannot be combined/ },
  { argv: ['secret-policies', 'list', '--cursor', ' '], says: /--cursor is empty/ },
  // get
  { argv: ['secret-policies', 'get'], says: /./ },
  { argv: ['secret-policies', 'get', SP, 'sp_other'], says: /./ },
  { argv: ['secret-policies', 'get', 'sp/x'], says: /invalid secret policy id/ },
  // types
  { argv: ['secret-policies', 'types', 'random'], says: /./ },
  // create: flags
  { argv: ['secret-policies', 'create', '--fields', '[]'], says: /--name is required/ },
  { argv: ['secret-policies', 'create', '--name', '', '--fields', '[]'], says: /--name is required/ },
  { argv: create(), says: /no fields given/ },
  { argv: create('--fields', '[]', '--fields-file', 'f.json'), says: /either --fields or --fields-file/ },
  { argv: create('--type', 'secret', '--fields', '[]'), says: /invalid --type "secret"/ },
  // create: the fields document
  { argv: fields('[{"name":"password","generator":"random",}]'), says: /--fields is not valid JSON/ },
  { argv: fields('password'), says: /--fields is not valid JSON/ },
  { argv: fields('{"name":"password","generator":"random"}'), says: /--fields must hold a JSON array of fields/ },
  { argv: fields('[]'), says: /--fields is an empty array/ },
  { argv: fields('["password"]'), says: /fields\[0\] must be an object/ },
  { argv: fields('[{"generator":"random"}]'), says: /fields\[0\]\.name is required/ },
  { argv: fields('[{"name":"pass word","generator":"random"}]'), says: /fields\[0\]\.name is required: 1-128 letters/ },
  { argv: fields('[{"name":"p","generator":"random"},{"name":"p","generator":"hex"}]'), says: /fields\[1\]\.name "p" is given twice/ },
  { argv: fields('[{"name":"p"}]'), says: /fields\[0\]\.generator is required; use random, hex/ },
  { argv: fields('[{"name":"p","generator":"dice"}]'), says: /fields\[0\]\.generator "dice" is unknown/ },
  { argv: fields('[{"name":"p","generator":"random","config":[32]}]'), says: /fields\[0\]\.config must be an object/ },
  {
    argv: fields('[{"name":"p","generator":"random","length":32}]'),
    says: /fields\[0\]\.length is not a known field; use name, generator, config/,
  },
  { argv: create('--fields-file', join('/nonexistent', 'fields.json')), says: /cannot read --fields-file .*: no such file/ },
  { argv: create('--fields-file', '-'), stdin: '', says: /--fields-file: stdin is empty/ },
  { argv: create('--fields-file', '-'), stdin: '{"fields": []}', says: /stdin must hold a JSON array of fields/ },
  { argv: create('--fields-file', '-'), stdin: '[{"name":"p","generator":"random"', says: /stdin is not valid JSON/ },
  // delete
  { argv: ['secret-policies', 'delete'], says: /./ },
  { argv: ['secret-policies', 'delete', SP], says: /cannot be undone: add --yes/ },
  { argv: ['secret-policies', 'delete', 'sp x', '--yes'], says: /invalid secret policy id/ },
  // generate
  { argv: ['secret-policies', 'generate'], says: /./ },
  { argv: ['secret-policies', 'generate', SP, 'sp_other'], says: /./ },
  { argv: ['secret-policies', 'generate', '', '--show'], says: /invalid secret policy id/ },
  { argv: ['secret-policies', 'generate', SP, '--field', 'password'], says: /--field prints a generated value: add --show/ },
];

for (const { argv, stdin, says } of cases) {
  test(`exit 5, one line, no request: ${argv.slice(1).join(' ')}${stdin === undefined ? '' : ` < ${JSON.stringify(stdin)}`}`, async () => {
    assertBadInput(await run(argv, stdin === undefined ? {} : { stdin }), says);
  });
}

test('a fields file on disk with a bad field is exit 5 naming the file and the field', async () => {
  const path = join(dir, 'fields.json');
  writeFileSync(
    path,
    JSON.stringify([
      { name: 'password', generator: 'random' },
      { name: 'key', generator: 'rsa' },
    ]),
  );
  const result = await run(create('--fields-file', path));
  assert.equal(result.exitCode, 5);
  assert.ok(result.stderr.includes(`${path}: fields[1].generator "rsa" is unknown`), result.stderr);
  assert.ok(result.allUsed);
});
