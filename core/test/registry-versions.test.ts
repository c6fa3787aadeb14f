import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseViewAnswer, pickNewestCompatible, type PublishedVersion } from '../src/commands/plugins/registry-versions.js';

const host = { apiVersions: [1], version: '0.1.0', nodeVersion: '20.20.2' };
const published = (version: string, core = '^0.1.0', extra: Partial<PublishedVersion> = {}): PublishedVersion => ({
  version,
  scaivault: { apiVersion: 1, core },
  ...extra,
});

test('the newest version whose core range, plugin API and Node.js range this CLI meets', () => {
  const versions = [
    published('1.0.0'),
    published('1.2.0'),
    published('1.10.0'), // newer than 1.2.0 by semver, not by string
    published('2.0.0', '^0.2.0'), // needs a newer core
    published('2.1.0', '^0.1.0', { scaivault: { apiVersion: 2, core: '^0.1.0' } }), // a newer plugin API
    published('2.2.0', '^0.1.0', { engines: { node: '>=22' } }), // a newer Node.js
    { version: '3.0.0' }, // not a plugin
    published('4.0.0-beta.1'),
  ];
  assert.equal(pickNewestCompatible(versions, host), '1.10.0');
});

test('prereleases only when nothing else fits; nothing when no version fits', () => {
  assert.equal(pickNewestCompatible([published('1.0.0-rc.1'), published('1.0.0-rc.2')], host), '1.0.0-rc.2');
  assert.equal(pickNewestCompatible([published('2.0.0', '^0.2.0')], host), undefined);
  assert.equal(pickNewestCompatible([], host), undefined);
});

test('npm view --json: one object for one version, an array for several, nothing for none', () => {
  assert.deepEqual(parseViewAnswer('{"version":"1.0.0","scaivault":{"apiVersion":1,"core":"^0.1.0"}}'), [published('1.0.0')]);
  assert.deepEqual(
    parseViewAnswer('[{"version":"1.0.0"},{"version":"1.1.0","engines":{"node":">=20"}}]').map((v) => v.version),
    ['1.0.0', '1.1.0'],
  );
  assert.deepEqual(parseViewAnswer(''), []);
});
