import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Clock } from '@scaivault/core';
import { FIXTURE_ORIGIN, runCli, singlePluginDistribution } from '@scaivault/core/testing';
import { ExpectedExchanges, SUBSCRIPTION, UNAVAILABLE, event, instantClock, refused, stopSignals } from './mock-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const distribution = singlePluginDistribution('@scaivault/plugin-subscriptions', join(here, '..', '..'));
const home = mkdtempSync(join(tmpdir(), 'sv-follow-'));
after(() => rmSync(home, { recursive: true, force: true }));

async function follow(argv: string[], exchanges: ExpectedExchanges, clock: Clock) {
  try {
    return await runCli(['subscriptions', 'poll', SUBSCRIPTION, '--follow', ...argv], {
      distribution,
      env: { SCAIVAULT_HOME: home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: 'fixture-token' },
      dispatcher: exchanges.agent,
      clock,
    });
  } finally {
    await exchanges.agent.close();
  }
}

test('--follow --json prints one compact JSON object per event and resumes after a dropped connection and a restart', async () => {
  const [e1, e2, e3] = [event(1), event(2), event(3)];
  const exchanges = new ExpectedExchanges()
    .poll({ timeout: '30' }, { status: 200, body: { events: [e1, e2], has_more: false } })
    .ack([e1.event_id, e2.event_id], { status: 200, body: { acknowledged: 2 } })
    // The server goes away: refused at once, then answering 503 while it starts (the SDK retries a GET on 503 three times).
    .poll({ timeout: '30', since_event_id: e2.event_id }, refused())
    .poll({ timeout: '30', since_event_id: e2.event_id }, UNAVAILABLE, 3)
    .poll({ timeout: '30', since_event_id: e2.event_id }, { status: 200, body: { events: [e3], has_more: false } })
    .ack([e3.event_id], { status: 200, body: { acknowledged: 1 } })
    .poll({ timeout: '30', since_event_id: e3.event_id }, () => {
      stopSignals.stop('SIGINT');
      return { status: 200, body: { events: [], has_more: false } };
    });
  const clock = instantClock();
  const result = await follow(['--json'], exchanges, clock);
  exchanges.assertAllUsed();

  assert.equal(result.exitCode, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.equal(lines.pop(), '', 'every line ends with a newline');
  assert.deepEqual(
    lines,
    [e1, e2, e3].map((e) => JSON.stringify(e)),
    'each event once, in order, compact',
  );
  assert.deepEqual(JSON.parse(lines[2]!).data, {
    old_version: 3,
    new_version: 4,
    rotation_policy_id: 'rot_quarterly',
    auto_generated: true,
  });

  const stderr = result.stderr.trimEnd().split('\n');
  assert.equal(stderr[0], `following ${SUBSCRIPTION}; Ctrl-C to stop`);
  assert.match(stderr[1]!, /^connection to ScaiVault lost \(connection refused: http:\/\/scaivault\.test\); reconnecting in \d+\.\d s$/);
  assert.match(stderr[2]!, /^connection to ScaiVault lost \(.*starting.*\); reconnecting in \d+\.\d s$/);
  assert.equal(stderr[3], `reconnected; resuming after ${e2.event_id}`);
  assert.equal(stderr[4], `stopped after 3 event(s); the last was ${e3.event_id}`);
  assert.equal(stderr.length, 5);

  assert.equal(clock.sleeps.length, 2);
  assert.ok(clock.sleeps[0]! >= 250 && clock.sleeps[0]! <= 500, `first wait ${clock.sleeps[0]}`);
  assert.ok(clock.sleeps[1]! >= 500 && clock.sleeps[1]! <= 1000, `second wait ${clock.sleeps[1]}`);
  assert.ok(stopSignals.released, 'the signal listeners are released');
});

test('--follow prints a readable line per event; stopped while reconnecting, it acknowledges what it printed and exits 0', async () => {
  const rotated = event(3, { path: 'integrations/salesforce/oauth' });
  const exchanges = new ExpectedExchanges()
    .poll({ timeout: '5', max_events: '10' }, { status: 200, body: { events: [rotated], has_more: false } })
    // The acknowledgement fails (a POST without an idempotency key is never retried by the SDK) ...
    .ack([rotated.event_id], UNAVAILABLE)
    // ... SIGTERM arrives during the wait, and the command acknowledges once more on its way out.
    .ack([rotated.event_id], { status: 200, body: { acknowledged: 1 } });
  const clock = instantClock({ onSleep: () => stopSignals.stop('SIGTERM') });
  const result = await follow(['--timeout', '5s', '--max-events', '10'], exchanges, clock);
  exchanges.assertAllUsed();

  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(
    result.stdout,
    '2026-04-23T14:00:03.123456Z  secret.rotated  integrations/salesforce/oauth  v3 → v4 rotation_policy_id=rot_quarterly auto_generated=true\n',
  );
  assert.match(result.stderr, /connection to ScaiVault lost \(ScaiVault is starting\)/);
  assert.doesNotMatch(result.stderr, /could not acknowledge/);
  assert.match(result.stderr, new RegExp(`stopped after 1 event\\(s\\); the last was ${rotated.event_id}\\n$`));
});

test('when the last acknowledgement fails too, the command says the events come again and still exits 0', async () => {
  const e1 = event(1);
  const exchanges = new ExpectedExchanges()
    .poll({ timeout: '30' }, { status: 200, body: { events: [e1], has_more: false } })
    .ack([e1.event_id], UNAVAILABLE, 2);
  const result = await follow([], exchanges, instantClock({ onSleep: () => stopSignals.stop('SIGINT') }));
  exchanges.assertAllUsed();
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout.split('\n').length, 2);
  assert.match(
    result.stderr,
    /could not acknowledge the last 1 event\(s\) \(ScaiVault is starting\); the next poll without --since gets them again/,
  );
});

test('--since starts after that event and --no-ack acknowledges nothing', async () => {
  const [e4, e5] = [event(4), event(5)];
  const exchanges = new ExpectedExchanges()
    .poll({ timeout: '30', since_event_id: 'evt_01HK7X9Z000000000000000003' }, { status: 200, body: { events: [e4, e5], has_more: true } })
    .poll({ timeout: '30', since_event_id: e5.event_id }, () => {
      stopSignals.stop('SIGINT');
      return { status: 200, body: { events: [], has_more: false } };
    });
  const result = await follow(['--since', 'evt_01HK7X9Z000000000000000003', '--no-ack', '--json'], exchanges, instantClock({ limit: 1 }));
  exchanges.assertAllUsed();
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(
    result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line).event_id),
    [e4.event_id, e5.event_id],
  );
});

test('an error that waiting cannot fix ends --follow with its exit code', async () => {
  const exchanges = new ExpectedExchanges().poll(
    { timeout: '30' },
    {
      status: 404,
      body: {
        error: { code: 'subscription_not_found', message: `Subscription '${SUBSCRIPTION}' not found`, request_id: 'req_0000000000000001' },
      },
    },
  );
  const clock = instantClock();
  const result = await follow(['--json'], exchanges, clock);
  exchanges.assertAllUsed();
  assert.equal(result.exitCode, 4);
  assert.equal(result.stdout, '');
  assert.equal(clock.sleeps.length, 0, 'no retry');
  assert.equal(JSON.parse(result.stderr.trimEnd().split('\n').pop()!).error.code, 'subscription_not_found');
  assert.ok(stopSignals.released);
});
