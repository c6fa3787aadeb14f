import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memfs } from 'memfs';
import { ConfigStore } from '../src/config/config-store.js';
import { scaivaultHome } from '../src/config/home.js';
import type { FileSystem } from '../src/fs/file-system.js';

const HOME = '/home/ada/.scaivault';

function store(files: Record<string, string> = {}, env: Record<string, string> = {}, flags: Record<string, string> = {}) {
  const { fs } = memfs(files);
  return { fs, config: new ConfigStore(fs as unknown as FileSystem, env, HOME, flags) };
}

test('precedence is flag > environment > file > default', () => {
  const file = { [`${HOME}/config.json`]: JSON.stringify({ base_url: 'https://file.example' }) };
  assert.deepEqual(store().config.get('base_url')?.source, 'default');
  assert.equal(store(file).config.value('base_url'), 'https://file.example');
  assert.equal(store(file, { SCAIVAULT_URL: 'https://env.example' }).config.get('base_url')?.source, 'env');
  const all = store(file, { SCAIVAULT_URL: 'https://env.example' }, { base_url: 'https://flag.example' }).config.get('base_url');
  assert.deepEqual([all?.value, all?.source], ['https://flag.example', 'flag']);
});

test('an empty environment variable does not override the file', () => {
  const file = { [`${HOME}/config.json`]: JSON.stringify({ token: 'skt_fromfile' }) };
  assert.equal(store(file, { SCAIVAULT_TOKEN: '' }).config.value('token'), 'skt_fromfile');
});

test('set writes the file with mode 0600 in a 0700 directory and keeps other keys', () => {
  const { fs, config } = store({ [`${HOME}/config.json`]: JSON.stringify({ output: 'json' }) });
  config.set('base_url', 'http://127.0.0.1:8200');
  const written = JSON.parse(fs.readFileSync(`${HOME}/config.json`, 'utf8') as string);
  assert.deepEqual(written, { output: 'json', base_url: 'http://127.0.0.1:8200' });
  assert.equal(fs.statSync(`${HOME}/config.json`).mode & 0o777, 0o600);

  const fresh = store();
  fresh.config.set('output', 'json');
  assert.equal(fresh.fs.statSync(HOME).mode & 0o777, 0o700);
});

test('unknown keys and bad values are rejected with exit code 5 and nothing is written', () => {
  const { fs, config } = store();
  assert.throws(() => config.set('colour', 'blue'), (error: Error & { exitCode?: number }) => {
    assert.equal(error.exitCode, 5);
    assert.match(error.message, /unknown config key "colour"/);
    return true;
  });
  assert.throws(() => config.set('base_url', 'ftp://x'), { message: /invalid value for base_url: expected an http\(s\) URL/ });
  assert.throws(() => config.set('output', 'yaml'), (error: Error & { exitCode?: number }) => error.exitCode === 5);
  assert.throws(() => config.set('timeout', '30x'), (error: Error & { exitCode?: number }) => error.exitCode === 5);
  assert.equal(fs.existsSync(`${HOME}/config.json`), false);
});

test('unset removes a key and reports whether the file had it', () => {
  const { fs, config } = store({ [`${HOME}/config.json`]: JSON.stringify({ token: 'skt_x', output: 'json' }) });
  assert.equal(config.unset('token'), true);
  assert.equal(config.unset('token'), false);
  assert.deepEqual(JSON.parse(fs.readFileSync(`${HOME}/config.json`, 'utf8') as string), { output: 'json' });
});

test('a config file that is not JSON is a clear error, not a crash', () => {
  const { config } = store({ [`${HOME}/config.json`]: '{ nope' });
  assert.throws(() => config.value('base_url'), { message: `${HOME}/config.json is not valid JSON` });
});

test('SCAIVAULT_HOME relocates the whole directory', () => {
  assert.equal(scaivaultHome({ SCAIVAULT_HOME: '/tmp/sv' }, '/home/ada'), '/tmp/sv');
  assert.equal(scaivaultHome({}, '/home/ada'), '/home/ada/.scaivault');
});
