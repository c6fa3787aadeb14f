// Helpers for testing scaivault commands and plugins: run the real CLI in-process with captured
// output, a fake clock, and captured streams.
export { runCli, type CliResult, type CliRunOptions, type TtyOptions } from './run-cli.js';
export { FakeClock } from './fake-clock.js';
export { FakeSignals } from './fake-signals.js';
export { CapturedStream, stdinFrom } from './capture.js';
export { replayAgent, FIXTURE_ORIGIN, FIXTURE_TOKEN, type Fixture, type FixtureExchange } from './fixture.js';
export { runFixture } from './run-fixture.js';
export type { FixtureScenario, ScenarioContext, ScenarioScaiKey } from './scenario.js';
export { testFixtures, singlePluginDistribution } from './fixture-tests.js';
export { localPluginDistribution } from './local-plugin.js';
export { runOffline, jsonReply, type OfflineRunOptions, type OfflineResult } from './run-offline.js';
export { assertBadInput } from './assert-bad-input.js';
export { exitCodeOf } from './exit-code-of.js';
