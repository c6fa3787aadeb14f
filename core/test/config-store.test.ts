import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memfs } from 'memfs';
import { ConfigStore, type ConfigStoreOptions } from '../src/config/config-store.js';
import { scaivaultHome } from '../src/config/home.js';
import type { FileSystem } from '../src/fs/file-system.js';

const HOME = '/home/ada/.scaivault';

function store(
  files: Record<string, string> = {},
  env: Record<string, string> = {},
  flags: Record<string, string> = {},
  options: ConfigStoreOptions = {},
) {
  const { fs } = memfs(files);
  return { fs, config: new ConfigStore(fs as unknown as FileSystem, env, HOME, flags, options) };
}

const CONFIG = `${HOME}/config.json`;

/** Asserts exit 5 with a message matching `message` (and the hint matching `hint`). */
function rejects(read: () => unknown, message: RegExp, hint?: RegExp): void {
  assert.throws(read, (error: Error & { exitCode?: number; hint?: string }) => {
    assert.equal(error.exitCode, 5, error.message);
    assert.match(error.message, message);
    if (hint) assert.match(error.hint ?? '', hint);
    return true;
  });
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
  assert.throws(
    () => config.set('colour', 'blue'),
    (error: Error & { exitCode?: number }) => {
      assert.equal(error.exitCode, 5);
      assert.match(error.message, /unknown config key "colour"/);
      return true;
    },
  );
  assert.throws(() => config.set('base_url', 'ftp://x'), { message: /invalid value for base_url: expected an http\(s\) URL/ });
  assert.throws(
    () => config.set('output', 'yaml'),
    (error: Error & { exitCode?: number }) => error.exitCode === 5,
  );
  assert.throws(
    () => config.set('timeout', '30x'),
    (error: Error & { exitCode?: number }) => error.exitCode === 5,
  );
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

test('environment values are checked when read, by the validators config set uses, naming the variable', () => {
  rejects(
    () => store({}, { SCAIVAULT_TIMEOUT: 'abc' }).config.value('timeout'),
    /^invalid SCAIVAULT_TIMEOUT: expected a duration: .*1h30m.*, got "abc"$/,
    /SCAIVAULT_TIMEOUT/,
  );
  rejects(
    () => store({}, { SCAIVAULT_OUTPUT: 'yaml' }).config.value('output'),
    /^invalid SCAIVAULT_OUTPUT: expected table or json, got "yaml"$/,
  );
  rejects(
    () => store({}, { SCAIVAULT_URL: 'notaurl' }).config.value('base_url'),
    /^invalid SCAIVAULT_URL: expected an http\(s\) URL, got "notaurl"$/,
  );
  assert.equal(store({}, { SCAIVAULT_TIMEOUT: '1h30m' }).config.value('timeout'), '1h30m');
});

test('a secret value that fails its check is never repeated in the error', () => {
  assert.throws(
    () => store({}, { SCAIVAULT_TOKEN: 'skt_abc def' }).config.value('token'),
    (error: Error & { exitCode?: number }) => {
      assert.equal(error.exitCode, 5);
      assert.match(error.message, /^invalid SCAIVAULT_TOKEN: expected a non-empty value without whitespace$/);
      return true;
    },
  );
  assert.throws(
    () => store().config.set('client_secret', 'sec ret'),
    (error: Error) => !error.message.includes('sec ret'),
  );
});

test('file values are checked when read, naming the key and the file and how to fix it', () => {
  const file = (values: object) => ({ [CONFIG]: JSON.stringify(values) });
  rejects(
    () => store(file({ timeout: '30x' })).config.value('timeout'),
    new RegExp(`^invalid timeout in ${CONFIG}: expected a duration`),
    /config set timeout .*config unset timeout/,
  );
  rejects(() => store(file({ timeout: 30 })).config.value('timeout'), /got 30$/);
  rejects(() => store(file({ output: 'yaml' })).config.value('output'), /expected table or json, got "yaml"/);
  // A value the environment overrides is not the one in effect, so it does not stop anything.
  assert.equal(store(file({ output: 'yaml' }), { SCAIVAULT_OUTPUT: 'json' }).config.value('output'), 'json');
});

test('an unknown key in the file is exit 5 naming it and the known keys; unset removes it', () => {
  const { fs, config } = store({ [CONFIG]: JSON.stringify({ base_url: 'https://file.example', colour: 'blue' }) });
  rejects(
    () => config.value('base_url'),
    new RegExp(`^unknown key "colour" in ${CONFIG}$`),
    /known keys: base_url, token, .*timeout; remove it with `scaivault config unset colour`/,
  );
  assert.equal(config.unset('colour'), true);
  assert.equal(config.value('base_url'), 'https://file.example');
  assert.deepEqual(JSON.parse(fs.readFileSync(CONFIG, 'utf8') as string), { base_url: 'https://file.example' });
  rejects(() => config.unset('colour'), /unknown config key "colour"/);
});

test('timeout takes any duration, compound ones included, and says what it accepts otherwise', () => {
  const { config } = store();
  for (const value of ['1h', '1h30m', '45s', '2m']) {
    config.set('timeout', value);
    assert.equal(config.value('timeout'), value);
  }
  rejects(
    () => config.set('timeout', '30x'),
    /^invalid value for timeout: expected a duration: a number and a unit \(s, m, h, d or w\), or several combined: e\.g\. 30s, 90d, 1h30m, got "30x"$/,
  );
});

test('a config file others can read is narrowed to 0600, with one warning', () => {
  const warnings: string[] = [];
  const { fs, config } = store(
    { [CONFIG]: JSON.stringify({ token: 'skt_0123456789' }) },
    {},
    {},
    { warn: (message) => warnings.push(message) },
  );
  fs.chmodSync(CONFIG, 0o644);
  assert.equal(config.value('token'), 'skt_0123456789');
  assert.equal(config.value('base_url'), 'https://scaivault.scailabs.ai');
  assert.deepEqual(warnings, [`${CONFIG} was open to other users (mode 0644); changed it to 0600`]);
  assert.equal(fs.statSync(CONFIG).mode & 0o777, 0o600);

  const again = new ConfigStore(fs as unknown as FileSystem, {}, HOME, {}, { warn: (message) => warnings.push(message) });
  again.value('token');
  assert.equal(warnings.length, 1, 'a file already 0600 is not warned about');
});

test('a write removes the stale temp files interrupted writes left, but not one a write under way may own', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  const stale = `${CONFIG}.0123456789ab.tmp`;
  const fresh = `${CONFIG}.ba9876543210.tmp`;
  const { fs, config } = store(
    { [stale]: '{"token":"skt_killed"}', [fresh]: '{"token":"skt_busy"}', [`${HOME}/other.0123456789ab.tmp`]: 'x' },
    {},
    {},
    { now: () => now },
  );
  fs.utimesSync(stale, new Date(now - 120_000), new Date(now - 120_000));
  fs.utimesSync(fresh, new Date(now - 1_000), new Date(now - 1_000));
  config.set('output', 'json');
  assert.deepEqual((fs.readdirSync(HOME) as string[]).sort(), ['config.json', 'config.json.ba9876543210.tmp', 'other.0123456789ab.tmp']);

  assert.equal(config.removeLeftoverTempFiles(), 1);
  assert.deepEqual((fs.readdirSync(HOME) as string[]).sort(), ['config.json', 'other.0123456789ab.tmp']);
});
