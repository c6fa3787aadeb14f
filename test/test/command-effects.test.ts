// Every command the CLI ships says what it does, so `scaivault mcp` can decide what to offer a model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPluginIndex } from '@scaivault/core/runtime';
import { bundledDistribution, tempHome } from './workspace.js';

test('every command of core and of every bundled plugin declares its effect', async () => {
  const { home, cleanup } = tempHome('sv-effects-');
  try {
    const index = await loadPluginIndex(bundledDistribution(), home);
    const undeclared: string[] = [];
    const effects = new Map<string, string | undefined>();
    for (const plugin of index.plugins) {
      assert.equal(plugin.status, 'active', `${plugin.name}: ${plugin.reason}`);
      for (const command of plugin.commands) {
        const path = command.path.join(' ');
        effects.set(path, command.effect);
        if (command.effect === undefined) undeclared.push(path);
      }
    }
    assert.deepEqual(undeclared, []);
    // The commands that print secret values say where in their output the values are.
    const reveals = new Map(
      index.plugins.flatMap((plugin) => plugin.commands.map((command) => [command.path.join(' '), command.reveals] as const)),
    );
    assert.deepEqual(
      [
        'secrets read',
        'secret-policies generate',
        'config get',
        'dynamic creds',
        'service-accounts create-key',
        'pki certs issue',
        'pki acme issue',
        'subscriptions create',
      ].map((path) => [path, effects.get(path), reveals.get(path)]),
      [
        ['secrets read', 'reveal', ['data']],
        ['secret-policies generate', 'reveal', ['data']],
        ['config get', 'reveal', ['value']],
        ['dynamic creds', 'write', ['data.password', 'data.connection_url']],
        ['service-accounts create-key', 'write', ['key']],
        ['pki certs issue', 'write', ['private_key']],
        ['pki acme issue', 'write', ['private_key']],
        ['subscriptions create', 'write', ['signing_secret']],
      ],
    );
  } finally {
    cleanup();
  }
});
