import type { Dispatcher } from 'undici';
import type { Env } from '../config/config-store.js';
import type { Clock, ProcessSignals } from '../di/tokens.js';
import type { FileSystem } from '../fs/file-system.js';
import { run } from '../runtime/run.js';
import type { Distribution } from '../runtime/plugin-sources.js';
import type { Prompt } from '../services/prompt.js';
import { CapturedStream, stdinFrom } from './capture.js';

export interface CliRunOptions {
  /** The distribution to run as; its `plugins` are the bundled ones. */
  distribution: Distribution;
  env?: Env;
  stdin?: string;
  fs?: FileSystem;
  dispatcher?: Dispatcher;
  clock?: Clock;
  prompt?: Prompt;
  /** Signals the command sees instead of the process's (see `FakeSignals`). */
  signals?: ProcessSignals;
  homedir?: string;
  /** Make stdout and/or stderr look like terminals; stdout gets `columns` (default 80). */
  tty?: TtyOptions;
}

export interface TtyOptions {
  stdout?: boolean;
  stderr?: boolean;
  columns?: number;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process, as `scaivault <argv>` would, and captures everything it printed. */
export async function runCli(argv: readonly string[], options: CliRunOptions): Promise<CliResult> {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  if (options.tty?.stdout) {
    stdout.isTTY = true;
    stdout.columns = options.tty.columns ?? 80;
  }
  if (options.tty?.stderr) stderr.isTTY = true;
  const exitCode = await run({
    argv,
    env: options.env ?? {},
    stdin: stdinFrom(options.stdin),
    stdout,
    stderr,
    distribution: options.distribution,
    homedir: options.homedir ?? '/nonexistent-home',
    ...(options.fs ? { fs: options.fs } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(options.signals ? { signals: options.signals } : {}),
  });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}
