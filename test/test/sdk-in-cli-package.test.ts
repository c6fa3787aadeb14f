import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from './workspace.js';

// `import { ScaiVaultClient } from 'scaivault'`, as a user of the package writes it: the SDK at run
// time, and its types for TypeScript, from the same package as the CLI.
test('the scaivault package exports the SDK: the same classes as @scaivault/sdk, at run time', async () => {
  const fromCli = (await import('scaivault' as string)) as Record<string, unknown>;
  const sdk = (await import('@scaivault/sdk')) as Record<string, unknown>;
  assert.equal(typeof fromCli.ScaiVaultClient, 'function');
  assert.equal(fromCli.ScaiVaultClient, sdk.ScaiVaultClient);
  assert.deepEqual(Object.keys(fromCli).sort(), Object.keys(sdk).sort());
});

test("and its types: a TypeScript file importing ScaiVaultClient from 'scaivault' compiles, and a misuse does not", () => {
  const dir = mkdtempSync(join(REPO, 'test', '.scaivault-test-sdk-types-'));
  try {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: [], skipLibCheck: true },
        files: ['use.mts'],
      }),
    );
    const tsc = (source: string) => {
      writeFileSync(join(dir, 'use.mts'), source);
      return spawnSync(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf8' });
    };
    const good = tsc(
      "import { ScaiVaultClient } from 'scaivault';\nconst client = new ScaiVaultClient({ baseUrl: 'http://127.0.0.1:8200', token: 't' });\nexport const read = () => client.secrets.read('app/db');\n",
    );
    assert.equal(good.status, 0, good.stdout + good.stderr);
    const bad = tsc("import { ScaiVaultClient } from 'scaivault';\nexport const n: number = ScaiVaultClient;\n");
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout, /ScaiVaultClient/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
