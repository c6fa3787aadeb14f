import { isDeepStrictEqual } from 'node:util';
import type { MockAgent } from 'undici';

/** One recorded HTTP exchange. */
export interface FixtureExchange {
  request: { method: string; path: string; query?: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body?: unknown };
}

/**
 * A recorded scenario: the command line that was run, the HTTP exchanges it made against a real
 * server (normalised), and what the CLI printed.
 */
export interface Fixture {
  description: string;
  argv: string[];
  stdin?: string;
  env?: Record<string, string>;
  exchanges: FixtureExchange[];
  expect: { exitCode: number; stdout: string; stderr: string };
}

/** The origin replayed fixtures are served from. */
export const FIXTURE_ORIGIN = 'http://scaivault.test';
/** The token replayed commands run with. */
export const FIXTURE_TOKEN = 'fixture-token';

/**
 * Loads a fixture's exchanges into a strict undici MockAgent: a request that matches no remaining
 * exchange fails (no network), and `assertAllUsed` fails when an exchange was never requested.
 */
export async function replayAgent(fixture: Fixture): Promise<{ agent: MockAgent; assertAllUsed: () => void }> {
  const { MockAgent } = await import('undici');
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(FIXTURE_ORIGIN);
  for (const { request, response } of fixture.exchanges) {
    pool
      .intercept({
        method: request.method,
        path: (actual: string) => samePathAndQuery(actual, request.path, request.query ?? {}),
        ...(request.body === undefined ? {} : { body: (actual: string) => sameJsonBody(actual, request.body) }),
      })
      .reply(response.status, replyBody(response), { headers: response.headers });
  }
  return { agent, assertAllUsed: () => agent.assertNoPendingInterceptors() };
}

/** A text answer (a PEM from `/pem` or a CRL) is replayed as the text it was, not as a JSON string. */
function replyBody(response: FixtureExchange['response']): string {
  if (response.body === undefined) return '';
  const type = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return typeof response.body === 'string' && !/json/i.test(type) ? response.body : JSON.stringify(response.body);
}

function samePathAndQuery(actual: string, path: string, query: Record<string, string>): boolean {
  const url = new URL(actual, FIXTURE_ORIGIN);
  return url.pathname === path && isDeepStrictEqual(Object.fromEntries(url.searchParams), query);
}

function sameJsonBody(actual: string, expected: unknown): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(actual), expected);
  } catch {
    return actual === expected;
  }
}
