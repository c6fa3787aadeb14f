import type { Readable, Writable } from 'node:stream';
import type { Env } from '../config/config-store.js';
import type { PluginIndex } from '../loader/plugin-index.js';
import type { Prompt } from '../services/prompt.js';
import type { Distribution } from './plugin-sources.js';

/** One more invocation of the CLI inside this one, with its own argv, streams and user agent. */
export interface NestedInvocation {
  argv: readonly string[];
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Never a terminal's: a nested command must not wait for a person. */
  prompt: Prompt;
  /** Sent with every API request it makes, so the audit trail says who acted. */
  userAgent: string;
  /** The environment it sees; this invocation's when absent. */
  env?: Env;
}

/** What the `plugins` commands need to know about the running CLI. */
export interface PluginHost {
  distribution: Distribution;
  home: string;
  /** The index as it was when this invocation started. */
  index: PluginIndex;
  /** Rebuilds the index after plugins were installed, removed or linked. */
  reload(): Promise<PluginIndex>;
  /** Imports a plugin the way a command run would, to check that it loads. */
  check(name: string): Promise<string | undefined>;
  /**
   * Runs another command line as `scaivault <argv>` would, with this invocation's distribution, files,
   * clock and HTTP dispatcher (so a test's replayed exchanges serve it too). Resolves to its exit code.
   */
  invoke(invocation: NestedInvocation): Promise<number>;
}
