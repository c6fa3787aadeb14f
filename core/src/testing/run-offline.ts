import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, ProcessSignals } from '../di/tokens.js';
import type { Distribution } from '../runtime/plugin-sources.js';
import type { Prompt } from '../services/prompt.js';
import { FIXTURE_ORIGIN, FIXTURE_TOKEN, replayAgent, type FixtureExchange } from './fixture.js';
import type { Env } from '../config/config-store.js';
import { runCli, type CliResult, type TtyOptions } from './run-cli.js';

export interface OfflineRunOptions {
  /** The distribution to run as, e.g. `singlePluginDistribution(...)`. */
  distribution: Distribution;
  /** The only HTTP exchanges allowed, in any order; none by default, so any request fails the run. */
  exchanges?: FixtureExchange[];
  stdin?: string;
  clock?: Clock;
  prompt?: Prompt;
  /** Signals the command sees instead of the process's (`FakeSignals`). */
  signals?: ProcessSignals;
  /** Extra environment, e.g. NO_COLOR; SCAIVAULT_HOME, SCAIVAULT_URL and SCAIVAULT_TOKEN are set already. */
  env?: Env;
  tty?: TtyOptions;
}

export interface OfflineResult extends CliResult {
  /** Whether every exchange was requested. */
  allUsed: boolean;
}

/**
 * Runs the real CLI in-process, logged in, against a strict replay of `exchanges` and a fresh
 * SCAIVAULT_HOME. Resolves to what it printed and whether every exchange was requested.
 */
export async function runOffline(argv: readonly string[], options: OfflineRunOptions): Promise<OfflineResult> {
  const home = mkdtempSync(join(tmpdir(), 'sv-offline-'));
  const fixture = { description: '', argv: [...argv], exchanges: options.exchanges ?? [], expect: { exitCode: 0, stdout: '', stderr: '' } };
  const { agent, assertAllUsed } = await replayAgent(fixture);
  try {
    const result = await runCli(argv, {
      distribution: options.distribution,
      env: { SCAIVAULT_HOME: home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: FIXTURE_TOKEN, ...options.env },
      dispatcher: agent,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.prompt ? { prompt: options.prompt } : {}),
      ...(options.signals ? { signals: options.signals } : {}),
      ...(options.tty ? { tty: options.tty } : {}),
    });
    let allUsed = true;
    try {
      assertAllUsed();
    } catch {
      allUsed = false;
    }
    return { ...result, allUsed };
  } finally {
    await agent.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** A JSON response as the server sends it, for an exchange of `runOffline`. */
export function jsonReply(status: number, body?: unknown): FixtureExchange['response'] {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, ...(body === undefined ? {} : { body }) };
}
