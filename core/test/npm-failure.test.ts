import assert from 'node:assert/strict';
import { test } from 'node:test';
import { npmFailure } from '../src/commands/plugins/npm-failure.js';
import { npmEnvironment } from '../src/commands/plugins/npm-environment.js';

const npm = (...lines: string[]) => lines.map((line) => `npm error ${line}`).join('\n');
const sentence = (error: { message: string; exitCode: number }) => [error.message, error.exitCode];

test("npm's failures become one sentence with a fitting exit code", () => {
  const cases: Array<[string, [string, number]]> = [
    [
      npm(
        'code E404',
        '404 Not Found - GET https://npm.acme.example/repo/@acme%2finventory - Not found',
        "404  '@acme/inventory@*' is not in this registry.",
      ),
      ['no package named @acme/inventory in the registry (https://npm.acme.example/repo/)', 4],
    ],
    [
      npm('code ETARGET', 'notarget No matching version found for @acme/inventory@9.9.9.'),
      ['no version 9.9.9 of @acme/inventory in the registry', 4],
    ],
    [
      npm(
        'code ENOTFOUND',
        'syscall getaddrinfo',
        'network request to https://npm.acme.example/inventory failed, reason: getaddrinfo ENOTFOUND npm.acme.example',
      ),
      ['cannot reach the registry (https://npm.acme.example/): host not found', 1],
    ],
    [
      npm('code ETIMEDOUT', 'network request to https://registry.npmjs.org/x failed, reason: connect ETIMEDOUT'),
      ['cannot reach the registry (https://registry.npmjs.org/): timed out', 1],
    ],
    [
      npm('code E401', 'Unable to authenticate, need: Basic realm="acme"'),
      ['the registry (the configured registry) wants credentials for inventory', 2],
    ],
    [
      npm('code E403', '403 Forbidden - GET https://npm.acme.example/inventory'),
      ['the registry (https://npm.acme.example/) refused access to inventory', 3],
    ],
    [npm('code EINTEGRITY', 'sha512-abc integrity checksum failed'), ['npm install failed: sha512-abc integrity checksum failed', 1]],
  ];
  for (const [stderr, expected] of cases) assert.deepEqual(sentence(npmFailure('install', 'inventory', stderr)), expected, stderr);
  assert.doesNotMatch(npmFailure('install', 'x', npm('code E404', '404 Not Found - GET https://r.example/x')).message, /E404|code/);
});

test("npm's environment keeps the user's npm settings and drops every SCAIVAULT_ variable", () => {
  const env = npmEnvironment({
    PATH: '/usr/bin',
    npm_config_registry: 'https://npm.acme.example/',
    SCAIVAULT_TOKEN: 'sv-token',
    SCAIVAULT_URL: 'https://vault.example',
    Scaivault_Profile: 'prod',
    UNSET: undefined,
  });
  assert.deepEqual(env, { PATH: '/usr/bin', npm_config_registry: 'https://npm.acme.example/', npm_config_update_notifier: 'false' });
});
