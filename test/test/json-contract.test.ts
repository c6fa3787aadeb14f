import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from './workspace.js';

// The `--json` contract as the README states it ("Output and exit codes"), checked against every
// recorded run: what each command printed, beside what the server answered.

interface Fixture {
  file: string;
  argv: string[];
  exchanges: Array<{ request: { method: string; path: string }; response: { status: number; body?: unknown } }>;
  expect: { exitCode: number; stdout: string; stderr: string };
}

type Json = Record<string, unknown>;

function fixtures(): Fixture[] {
  const root = join(REPO, 'fixtures');
  return readdirSync(root).flatMap((group) =>
    readdirSync(join(root, group))
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({
        file: `${group}/${name}`,
        ...(JSON.parse(readFileSync(join(root, group, name), 'utf8')) as Omit<Fixture, 'file'>),
      })),
  );
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const without = (value: Json, key: string): Json => Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));
const listKey = (body: Json): string | undefined => Object.keys(body).find((key) => Array.isArray(body[key]));
/** Fields a command adds when the API's answer does not name the subject it was given. */
const SUBJECT_FIELDS = ['service_account_id', 'subscription_id'];
/** What the small object printed for an API answer without a body says was done. */
const DONE_FIELDS = ['deleted', 'assigned', 'removed_binding_ids', 'revoked'];

/** Which rule of the contract a successful `--json` run keeps to, or undefined when it keeps to none. */
function jsonRule(fixture: Fixture, printed: unknown): string | undefined {
  const bodies = fixture.exchanges.map((exchange) => exchange.response.body).filter((body) => body !== undefined);
  const objects = bodies.filter(isObject);
  const command = fixture.argv.slice(0, 2).join(' ');
  if (fixture.argv.includes('--all') && isObject(printed)) {
    const key = listKey(printed);
    if (key && objects.length > 0) {
      const merged = { ...objects[0], [key]: objects.flatMap((body) => body[key] as unknown[]), cursor: null, has_more: false };
      if (isDeepStrictEqual(printed, merged)) return 'every page in one envelope';
    }
  }
  if (bodies.some((body) => isDeepStrictEqual(printed, body))) return 'the response body';
  if (isObject(printed)) {
    for (const field of SUBJECT_FIELDS)
      if (field in printed && objects.some((body) => isDeepStrictEqual(without(printed, field), body)))
        return 'the body and the subject id';
    if (
      command === 'rotation trigger' &&
      Array.isArray(bodies[0]) &&
      isDeepStrictEqual(printed, { data: bodies[0], policy_id: fixture.argv[2] })
    )
      return 'a rotation list';
    if (fixture.exchanges.at(-1)?.response.body === undefined && DONE_FIELDS.some((field) => field in printed)) return 'what was done';
    if (command === 'secret-policies generate' && isObject(bodies[0])) {
      const shown = fixture.argv.includes('--show');
      const preview = bodies[0];
      if (
        isDeepStrictEqual(
          printed,
          shown ? { ...preview, fields: printed.fields } : { policy_id: preview.policy_id, fields: printed.fields },
        )
      )
        return 'a preview, values only with --show';
    }
    // The status token is a credential: kept in a 0600 file, never printed.
    if (command === 'scaikey register' && isObject(bodies[0]) && isDeepStrictEqual(printed, without(bodies[0], 'status_token')))
      return 'the body without its status token';
    if (command === 'service-accounts create-key' && fixture.argv.includes('--store-in') && isObject(bodies[0])) {
      if (isDeepStrictEqual(without(printed, 'stored_in'), without(bodies[0], 'key')) && !('key' in printed))
        return 'the key without its value';
    }
  }
  return undefined;
}

test('every successful --json run prints the API body, or one of the stated departures from it', () => {
  const runs = fixtures().filter((fixture) => fixture.argv.includes('--json') && fixture.expect.exitCode === 0);
  assert.ok(runs.length > 40, `expected the recorded --json runs, found ${runs.length}`);
  const broken = runs
    .filter((fixture) => jsonRule(fixture, JSON.parse(fixture.expect.stdout)) === undefined)
    .map((fixture) => fixture.file);
  assert.deepEqual(broken, []);
});

test('every --ndjson run prints the listed items one per line, in order, and nothing else', () => {
  const runs = fixtures().filter((fixture) => fixture.argv.includes('--ndjson'));
  assert.ok(runs.length >= 2, `expected the recorded --ndjson runs, found ${runs.length}`);
  for (const fixture of runs) {
    const items = fixture.exchanges.flatMap((exchange) => {
      const body = exchange.response.body;
      return isObject(body) ? ((body[listKey(body) ?? ''] as unknown[] | undefined) ?? []) : [];
    });
    const lines = fixture.expect.stdout.split('\n');
    assert.equal(lines.pop(), '', fixture.file);
    assert.deepEqual(
      lines.map((line) => JSON.parse(line)),
      items,
      fixture.file,
    );
  }
});

test('every failed --json run prints nothing on stdout and the error as one JSON object on stderr', () => {
  const runs = fixtures().filter((fixture) => fixture.argv.includes('--json') && fixture.expect.exitCode !== 0);
  assert.ok(runs.length > 0);
  for (const fixture of runs) {
    assert.equal(fixture.expect.stdout, '', fixture.file);
    const { error } = JSON.parse(fixture.expect.stderr) as { error: Json };
    assert.deepEqual(Object.keys(error).sort(), ['code', 'message', 'request_id', 'status'], fixture.file);
    const answer = fixture.exchanges.at(-1)?.response.body as { error?: { code?: string } } | undefined;
    if (answer?.error?.code) assert.equal(error.code, answer.error.code, fixture.file);
  }
});
