import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Normaliser } from '../src/fixtures/normalise.js';

test('measured durations become 0 in response bodies and in JSON printed inside a string', () => {
  const body = { logs: [{ duration_ms: 12 }, { duration_ms: 1 }, { duration_ms: 3.5 }] };
  const stdout = JSON.stringify(body, null, 2);
  const raw = JSON.stringify({ exchanges: [{ response: { body } }], recorded: { stdout } });
  const normaliser = new Normaliser({});
  normaliser.scan(raw);
  const normal = JSON.parse(normaliser.apply(raw)) as { exchanges: [{ response: { body: typeof body } }]; recorded: { stdout: string } };
  assert.deepEqual(normal.exchanges[0].response.body.logs.map((entry) => entry.duration_ms), [0, 0, 0]);
  assert.deepEqual((JSON.parse(normal.recorded.stdout) as typeof body).logs.map((entry) => entry.duration_ms), [0, 0, 0]);
});

test('other numbers are left alone', () => {
  const raw = JSON.stringify({ body: { duration_ms: 7, records: 7, bytes: 12, version: 1 } });
  const normaliser = new Normaliser({});
  normaliser.scan(raw);
  assert.deepEqual(JSON.parse(normaliser.apply(raw)), { body: { duration_ms: 0, records: 7, bytes: 12, version: 1 } });
});
