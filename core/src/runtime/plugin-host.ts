import type { PluginIndex } from '../loader/plugin-index.js';
import type { Distribution } from './plugin-sources.js';

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
}
