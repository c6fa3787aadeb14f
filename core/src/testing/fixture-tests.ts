import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Distribution } from '../runtime/plugin-sources.js';
import type { Fixture } from './fixture.js';
import { runFixture } from './run-fixture.js';

/**
 * Registers one test per recorded fixture in `dir`: the fixture's command runs through the real
 * CLI against its exchanges, strictly, and must print exactly what the recording printed.
 */
export function testFixtures(dir: string, distribution: Distribution): void {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .sort()
    : [];
  test(`fixtures exist in ${dir}`, () => assert.ok(files.length > 0, 'no fixtures recorded: run npm run fixtures:record'));
  for (const file of files) {
    const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
    test(`${file.replace(/\.json$/, '')}: ${fixture.description}`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'sv-fixture-'));
      try {
        const result = await runFixture(fixture, { distribution, home });
        assert.equal(result.unusedExchanges, undefined, 'every recorded exchange is requested');
        assert.equal(result.stderr, fixture.expect.stderr);
        assert.equal(result.stdout, fixture.expect.stdout);
        assert.equal(result.exitCode, fixture.expect.exitCode);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });
  }
}

/** A distribution that bundles exactly one plugin package, found from `fromDir`. */
export function singlePluginDistribution(pluginName: string, fromDir: string): Distribution {
  return { dir: fromDir, name: 'scaivault', version: '0.0.0-test', plugins: [pluginName] };
}
