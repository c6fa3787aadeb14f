// Hand-written exchanges for what a recording cannot produce: a long-poll loop that meets a
// dropped connection, a restarting server and a stop signal.
import { isDeepStrictEqual } from 'node:util';
import { Tokens, type Clock } from '@scaivault/core';
import type { ScaiVaultEvent } from '@scaivault/core/sdk';
import { FakeSignals, FIXTURE_ORIGIN } from '@scaivault/core/testing';
import { container } from '@scaivault/core/tsyringe';
import { MockAgent } from '@scaivault/core/undici';

export const SUBSCRIPTION = 'sub_0000000000000001';
const JSON_HEADERS = { 'content-type': 'application/json' };

export function event(n: number, overrides: Partial<ScaiVaultEvent> = {}): ScaiVaultEvent {
  return {
    event_id: `evt_01HK7X9Z00000000000000000${n}`,
    event_type: 'secret.rotated',
    timestamp: `2026-04-23T14:00:0${n}.123456Z`,
    tenant_id: 'tnt_acme_prod',
    partner_id: 'ptn_acme',
    identity_id: 'system:rotation-scheduler',
    path: `environments/production/app-${n}`,
    data: { old_version: n, new_version: n + 1, rotation_policy_id: 'rot_quarterly', auto_generated: true },
    request_id: `req_abc12${n}`,
    ...overrides,
  };
}

/** Signals the test sends by hand; registered upstream of every invocation's container. */
export class ManualStopSignals extends FakeSignals {
  /** As the user would stop it: SIGTERM when asked for, SIGINT (Ctrl-C) otherwise. */
  stop(reason = 'SIGINT'): void {
    this.send(reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  }

  /** Whether the command let go of its stop signal (it listens for SIGINT and SIGTERM together). */
  get released(): boolean {
    return !this.listening('SIGINT');
  }
}

export const stopSignals = new ManualStopSignals();
container.register(Tokens.Signals, { useValue: stopSignals });

/**
 * A clock whose waits end at once and are recorded. After `limit` waits it stops the command,
 * so a loop that retries something unexpected ends the test instead of spinning.
 */
export function instantClock(options: { onSleep?: (ms: number) => void; limit?: number } = {}): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.UTC(2026, 3, 23, 14),
    async sleep(ms: number, signal?: AbortSignal) {
      sleeps.push(ms);
      options.onSleep?.(ms);
      if (sleeps.length >= (options.limit ?? 10)) stopSignals.stop('too many retries');
      if (signal?.aborted) throw signal.reason;
    },
  };
}

export type Reply = { status: number; body?: unknown } | { error: NodeJS.ErrnoException };

/** A strict MockAgent on the fixture origin; every exchange is expected once, in the order given. */
export class ExpectedExchanges {
  readonly agent = new MockAgent();
  private readonly pool;

  constructor() {
    this.agent.disableNetConnect();
    this.pool = this.agent.get(FIXTURE_ORIGIN);
  }

  poll(query: Record<string, string>, reply: Reply | (() => Reply), times = 1): this {
    return this.expect('GET', `/v1/subscriptions/${SUBSCRIPTION}/poll`, query, undefined, reply, times);
  }

  ack(eventIds: string[], reply: Reply, times = 1): this {
    return this.expect('POST', `/v1/subscriptions/${SUBSCRIPTION}/ack`, {}, { event_ids: eventIds }, reply, times);
  }

  expect(method: string, path: string, query: Record<string, string>, body: unknown, reply: Reply | (() => Reply), times = 1): this {
    const interceptor = this.pool.intercept({
      method,
      path: (actual: string) => {
        const url = new URL(actual, FIXTURE_ORIGIN);
        return url.pathname === path && isDeepStrictEqual(Object.fromEntries(url.searchParams), query);
      },
      ...(body === undefined ? {} : { body: (actual: string) => isDeepStrictEqual(JSON.parse(actual), body) }),
    });
    const first = typeof reply === 'function' ? undefined : reply;
    if (first && 'error' in first) {
      interceptor.replyWithError(first.error).times(times);
      return this;
    }
    interceptor
      .reply(() => {
        const answer = (typeof reply === 'function' ? reply() : reply) as { status: number; body?: unknown };
        return {
          statusCode: answer.status,
          data: answer.body === undefined ? '' : JSON.stringify(answer.body),
          responseOptions: { headers: JSON_HEADERS },
        };
      })
      .times(times);
    return this;
  }

  assertAllUsed(): void {
    this.agent.assertNoPendingInterceptors();
  }
}

export function refused(): Reply {
  return { error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8200'), { code: 'ECONNREFUSED' }) };
}

export const UNAVAILABLE: Reply = {
  status: 503,
  body: { error: { code: 'service_unavailable', message: 'ScaiVault is starting', request_id: 'req_0000000000000009' } },
};
