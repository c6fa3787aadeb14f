import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { FileSystem } from '../fs/file-system.js';
import { CliError, UsageError } from '../errors/cli-error.js';
import { CONFIG_KEYS, checkConfigValue, findConfigKey, type ConfigKey } from './config-keys.js';

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface ConfigValue {
  key: ConfigKey;
  value: string;
  source: ConfigSource;
}

export type Env = Readonly<Record<string, string | undefined>>;


/**
 * Settings with their precedence: command-line flag > environment > config file > default.
 * The file is read once per invocation and rewritten atomically with mode 0600.
 */
export class ConfigStore {
  readonly path: string;
  private fileValues: Record<string, unknown> | undefined;

  constructor(
    private readonly fs: FileSystem,
    private readonly env: Env,
    readonly home: string,
    private readonly flags: Readonly<Record<string, string | undefined>> = {},
  ) {
    this.path = join(home, 'config.json');
  }

  /** The effective value of a key and where it came from, or undefined when nothing sets it. */
  get(name: string): ConfigValue | undefined {
    const key = this.requireKey(name);
    const flag = this.flags[name];
    if (flag !== undefined) return { key, value: flag, source: 'flag' };
    const fromEnv = this.env[key.env];
    if (fromEnv !== undefined && fromEnv !== '') return { key, value: fromEnv, source: 'env' };
    const fromFile = this.readFile()[name];
    if (typeof fromFile === 'string') return { key, value: fromFile, source: 'file' };
    if (key.default !== undefined) return { key, value: key.default, source: 'default' };
    return undefined;
  }

  value(name: string): string | undefined {
    return this.get(name)?.value;
  }

  /** Every known key that has a value from any source. */
  list(): ConfigValue[] {
    return CONFIG_KEYS.flatMap((key) => {
      const entry = this.get(key.name);
      return entry ? [entry] : [];
    });
  }

  set(name: string, value: string): void {
    const key = this.requireKey(name);
    const problem = checkConfigValue(key, value);
    if (problem !== undefined) throw new UsageError(`invalid value for ${name}: ${problem}`);
    this.write({ ...this.readFile(), [name]: value });
  }

  /** Removes a key from the file; returns false when the file did not set it. */
  unset(name: string): boolean {
    this.requireKey(name);
    const values = { ...this.readFile() };
    if (!(name in values)) return false;
    delete values[name];
    this.write(values);
    return true;
  }

  private requireKey(name: string): ConfigKey {
    const key = findConfigKey(name);
    if (!key) {
      throw new UsageError(
        `unknown config key ${JSON.stringify(name)}`,
        `known keys: ${CONFIG_KEYS.map((k) => k.name).join(', ')}`,
      );
    }
    return key;
  }

  private readFile(): Record<string, unknown> {
    if (this.fileValues) return this.fileValues;
    let text: string;
    try {
      text = this.fs.readFileSync(this.path, 'utf8') as string;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.fileValues = {});
      throw new CliError(`cannot read ${this.path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CliError(`${this.path} is not valid JSON`, { hint: 'fix or remove the file' });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CliError(`${this.path} must hold a JSON object`, { hint: 'fix or remove the file' });
    }
    return (this.fileValues = parsed as Record<string, unknown>);
  }

  private write(values: Record<string, unknown>): void {
    writeFileAtomic(this.fs, this.path, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600, dirMode: 0o700 });
    this.fileValues = values;
  }
}
