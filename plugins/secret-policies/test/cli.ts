import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock, Prompt } from '@scaivault/core';
import { FIXTURE_ORIGIN, FIXTURE_TOKEN, replayAgent, runCli, singlePluginDistribution, type CliResult, type FixtureExchange } from '@scaivault/core/testing';

// plugins/secret-policies/dist/test → the plugin directory is two levels up.
const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distribution = singlePluginDistribution('@scaivault/plugin-secret-policies', pluginDir);

export interface OfflineRun {
  /** The only HTTP exchanges allowed, in any order; every one must be used. */
  exchanges?: FixtureExchange[];
  stdin?: string;
  clock?: Clock;
  prompt?: Prompt;
}

/**
 * Runs the real CLI in-process against a strict replay of `exchanges` (none by default, so any
 * request fails the run). Resolves to what it printed and whether every exchange was requested.
 */
export async function runOffline(argv: string[], options: OfflineRun = {}): Promise<CliResult & { allUsed: boolean }> {
  const home = mkdtempSync(join(tmpdir(), 'sv-secret-policies-'));
  const fixture = { description: '', argv, exchanges: options.exchanges ?? [], expect: { exitCode: 0, stdout: '', stderr: '' } };
  const { agent, assertAllUsed } = await replayAgent(fixture);
  try {
    const result = await runCli(argv, {
      distribution,
      env: { SCAIVAULT_HOME: home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: FIXTURE_TOKEN },
      dispatcher: agent,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.prompt ? { prompt: options.prompt } : {}),
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

/** A JSON response as the server sends it. */
export function reply(status: number, body?: unknown): FixtureExchange['response'] {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, ...(body === undefined ? {} : { body }) };
}
