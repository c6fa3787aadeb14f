import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeRecords, encodeRecords } from '../src/loader/index-encoding.js';
import { PluginIndex, type IndexOptions } from '../src/loader/plugin-index.js';
import { writeCacheFile } from '../src/fs/write-cache.js';
import type { PluginRecord } from '../src/loader/types.js';
import { makePlugin } from './make-plugin.js';

const root = mkdtempSync(join(tmpdir(), 'sv-encoding-'));
after(() => rmSync(root, { recursive: true, force: true }));

const json = { definition: '--json', description: 'Print JSON', required: false };
const records: PluginRecord[] = [
  {
    source: 'bundled',
    dir: '/p/secrets',
    name: 'plugin-secrets',
    version: '1.0.0',
    entry: '/p/secrets/index.js',
    manifestPath: '/p/secrets/manifest.json',
    stamps: { '/p/secrets/package.json': { size: 10, mtimeMs: 1, ctimeMs: 2 } },
    status: 'active',
    commands: [
      {
        path: ['secrets', 'read'],
        usage: 'scaivault secrets read <path>',
        description: 'Read a secret → its value',
        details: 'Prints "the" value.\nSecond line.',
        examples: [['Read one', 'scaivault secrets read app/db']],
        options: [json, { definition: '--field #0', description: 'One field', required: false, placeholder: '<name>' }],
        arguments: [{ name: 'path', required: true }],
        effect: 'read',
        reveals: ['data.*'],
      },
      { path: ['secrets', 'list'], usage: 'scaivault secrets list', options: [json], effect: 'read', tool: false, toolOmits: ['--all'] },
    ],
  },
  {
    source: 'installed',
    dir: '/p/other',
    name: 'plugin-other',
    version: '2.0.0',
    stamps: {},
    status: 'invalid',
    reason: 'manifest lacks name',
    commands: [],
    treeStamp: null,
  },
];

test('records come back from their encoding as they went in, help text included', () => {
  const encoded = JSON.parse(JSON.stringify(encodeRecords(records))) as ReturnType<typeof encodeRecords>;
  assert.equal(encoded.options.length, 2, 'an option several commands share is stored once');
  assert.ok(!JSON.stringify(encoded.records).includes('Read a secret'), 'help text is kept out of the records');
  const decoded = decodeRecords(encoded, (problem) => assert.fail(problem));
  assert.deepEqual(JSON.parse(JSON.stringify(decoded)), JSON.parse(JSON.stringify(records)));
  const list = decoded[0]!.commands[1]!;
  assert.equal(list.description, undefined, 'an absent field stays absent, not null');
  assert.equal(decoded[0]!.commands[0]!.options[1]!.placeholder, '<name>');
  assert.equal(decoded[0]!.commands[0]!.examples?.[0]?.[1], 'scaivault secrets read app/db');
});

test('help text that turns out damaged when read is reported through the callback', () => {
  const encoded = encodeRecords(records);
  const problems: string[] = [];
  const decoded = decodeRecords({ ...encoded, help: `${encoded.help.slice(0, -3)}` }, (problem) => {
    problems.push(problem);
    throw new Error(problem);
  });
  assert.deepEqual(decoded[0]!.commands[0]!.path, ['secrets', 'read'], 'routing needs no help text');
  assert.throws(() => decoded[0]!.commands[0]!.description, /does not parse/);
  assert.equal(problems.length, 1);
});

test('an encoding naming an option it does not hold is refused at once', () => {
  const encoded = encodeRecords(records);
  encoded.records[0]!.commands[0]!.options = [7];
  assert.throws(() => decodeRecords(encoded, (problem) => assert.fail(problem)), /option 7/);
});

function load(cacheFile: string, dir: string): Promise<PluginIndex> {
  const options: IndexOptions = {
    packageField: 'scaivault',
    host: { apiVersions: [1], version: '1.4.0', nodeVersion: '20.20.2' },
    candidates: [{ source: 'installed', dir }],
    cacheFile,
    writeCache: writeCacheFile,
  };
  return PluginIndex.load(options);
}

test('a cached index answers with the same commands as a fresh one', async () => {
  const plugin = makePlugin(join(root, 'same'), {
    name: 'plugin-same',
    commands: [
      ['same', 'one'],
      ['same', 'two'],
    ],
  });
  const cacheFile = join(root, 'same.json');
  const fresh = await load(cacheFile, plugin);
  const cached = await load(cacheFile, plugin);
  assert.equal(cached.fromCache, true);
  assert.deepEqual(JSON.parse(JSON.stringify(cached.plugins)), JSON.parse(JSON.stringify(fresh.plugins)));
  assert.equal(cached.match(['same', 'two'])?.command.description, 'does same two');
});

test('damaged help text in the cache: a clear error naming the file, and the next start rebuilds it', async () => {
  const plugin = makePlugin(join(root, 'damaged'), { name: 'plugin-damaged', commands: [['damaged', 'one']] });
  const cacheFile = join(root, 'damaged.json');
  await load(cacheFile, plugin);
  const [head, help] = readFileSync(cacheFile, 'utf8').split('\n') as [string, string];
  assert.ok(head.startsWith('{') && help.startsWith('{"commands":[['), 'the file is the records, then their help text');
  writeFileSync(cacheFile, `${head}\n${help.replace('[[', '[;')}`);
  const index = await load(cacheFile, plugin);
  assert.equal(index.fromCache, true);
  assert.throws(() => index.match(['damaged', 'one'])?.command.usage, new RegExp(`plugin index ${cacheFile} is damaged`));
  const next = await load(cacheFile, plugin);
  assert.equal(next.fromCache, false);
  assert.equal(next.match(['damaged', 'one'])?.command.usage, 'scaivault damaged one');
});
