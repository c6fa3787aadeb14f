import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManifestCommand, PluginRecord } from '@scaivault/core';
import { redact } from '../src/tools/redact.js';
import { toolCatalog } from '../src/tools/tool-catalog.js';
import { commandLineFor, toolParameters } from '../src/tools/tool-parameters.js';
import { selectTools } from '../src/tools/tool-selection.js';

const plugin = (commands: ManifestCommand[]): PluginRecord => ({
  name: 'third-party',
  version: '1.0.0',
  source: 'linked',
  dir: '/x',
  status: 'active',
  commands,
  stamps: {},
});

const policy = { allowWrite: false, allowReveal: false, allowTools: [], denyTools: [] };

test('a command that declares no effect is treated as writing: offered only with --allow-write', () => {
  const tools = toolCatalog([plugin([{ path: ['acme', 'sync'], usage: 'scaivault acme sync', options: [] }])]);
  assert.equal(tools[0]!.effect, 'write');
  assert.match(tools[0]!.description, /declares no effect, so it is treated as writing/);
  assert.deepEqual(selectTools(tools, policy), []);
  assert.deepEqual(
    selectTools(tools, { ...policy, allowWrite: true }).map((tool) => tool.name),
    ['acme_sync'],
  );
});

test('a manifest without recorded arguments still gets them, from its usage line', () => {
  const command: ManifestCommand = {
    path: ['acme', 'get'],
    usage: 'scaivault acme get <id> [field] ...',
    effect: 'read',
    options: [{ definition: '--verbose', required: false }],
  };
  const parameters = toolParameters(command);
  assert.deepEqual(
    parameters.map((parameter) => [parameter.property, parameter.type, parameter.required]),
    [
      ['id', 'string', true],
      ['field', 'string', false],
      ['args', 'string-list', false],
      ['verbose', 'boolean', false],
    ],
  );
  assert.deepEqual(commandLineFor(parameters, { id: '-1', verbose: false, args: ['x'] }), ['--no-verbose', '--', '-1', 'x']);
});

test('tools of inactive plugins and commands that are no tools are left out', () => {
  const tools = toolCatalog([
    { ...plugin([{ path: ['a', 'b'], usage: 'scaivault a b', effect: 'read', options: [] }]), status: 'conflict' },
    plugin([{ path: ['c'], usage: 'scaivault c', effect: 'read', tool: false, options: [] }]),
  ]);
  assert.deepEqual(tools, []);
});

test('redaction keeps keys and structure, replaces the values under each path', () => {
  const value = {
    id: 'k1',
    data: { a: 'x', n: 3, none: null },
    keys: [
      { value: 's1', id: 'a' },
      { value: 's2', id: 'b' },
    ],
  };
  assert.deepEqual(redact(value, ['data', 'keys.*.value']), {
    id: 'k1',
    data: { a: '[redacted]', n: '[redacted]', none: null },
    keys: [
      { value: '[redacted]', id: 'a' },
      { value: '[redacted]', id: 'b' },
    ],
  });
  assert.deepEqual(redact({ a: 'x', b: ['y'] }, undefined), { a: '[redacted]', b: ['[redacted]'] });
  assert.deepEqual(redact({ a: 'x' }, ['missing.path']), { a: 'x' });
});
