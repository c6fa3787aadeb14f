import type { Distribution } from '../runtime/plugin-sources.js';
import { FIXTURE_ORIGIN, FIXTURE_TOKEN, replayAgent, type Fixture } from './fixture.js';
import { runCli, type CliResult } from './run-cli.js';

/**
 * Runs a fixture's command through the real CLI, in-process, against its recorded exchanges.
 * Resolves to what the CLI printed plus the list of exchanges that were never requested.
 */
export async function runFixture(
  fixture: Fixture,
  options: { distribution: Distribution; home: string },
): Promise<CliResult & { unusedExchanges: string | undefined }> {
  const { agent, assertAllUsed } = await replayAgent(fixture);
  try {
    const result = await runCli(fixture.argv, {
      distribution: options.distribution,
      env: { SCAIVAULT_HOME: options.home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: FIXTURE_TOKEN, ...fixture.env },
      ...(fixture.stdin === undefined ? {} : { stdin: fixture.stdin }),
      dispatcher: agent,
    });
    let unusedExchanges: string | undefined;
    try {
      assertAllUsed();
    } catch (error) {
      unusedExchanges = (error as Error).message;
    }
    return { ...result, unusedExchanges };
  } finally {
    await agent.close();
  }
}
