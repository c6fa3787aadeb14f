import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from '../src/errors/cli-error.js';
import { importOptionalPackage } from '../src/errors/optional-package.js';

const HINT = 'npm install -g @acme/absent';

test('a package that is not installed is a one-line error naming it, with the install hint', async () => {
  const error = await importOptionalPackage('@acme/absent', () => import('@acme/absent' as string), HINT).catch((e: unknown) => e);
  assert.ok(error instanceof CliError);
  assert.deepEqual(
    [error.message, error.hint, error.exitCode, error.code],
    ['@acme/absent is not installed', HINT, 1, 'package_not_installed'],
  );
});

test('a subpath of a missing package is the same hint (CommonJS resolution too)', async () => {
  const esm = await importOptionalPackage('@acme/absent', () => import('@acme/absent/key-root' as string), HINT).catch((e: unknown) => e);
  assert.ok(esm instanceof CliError);
  const cjs = await importOptionalPackage(
    '@acme/absent',
    async () => {
      const { createRequire } = await import('node:module');
      return createRequire(import.meta.url)('@acme/absent/key-root') as unknown;
    },
    HINT,
  ).catch((e: unknown) => e);
  assert.ok(cjs instanceof CliError);
});

test('a package that is there but fails to load keeps its own error', async () => {
  // Its own dependency missing: the user needs that name, not the hint.
  const nested = Object.assign(new Error("Cannot find package 'better-sqlite3' imported from /x/server/index.js"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
  const error = await importOptionalPackage('@acme/absent', () => Promise.reject(nested), HINT).catch((e: unknown) => e);
  assert.equal(error, nested);
  const broken = new TypeError('boom');
  assert.equal(await importOptionalPackage('@acme/absent', () => Promise.reject(broken), HINT).catch((e: unknown) => e), broken);
  assert.equal(await importOptionalPackage('@acme/absent', () => Promise.resolve(42), HINT), 42);
});
