import { join } from 'node:path';
import { removeTempFiles, writeFileAtomic } from '../fs/atomic-write.js';
import type { FileSystem } from '../fs/file-system.js';
import { CliError, UsageError } from '../errors/cli-error.js';
import { CONFIG_KEYS, checkConfigValue, findConfigKey, requireConfigKey, type ConfigKey } from './config-keys.js';

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface ConfigValue {
  key: ConfigKey;
  value: string;
  source: ConfigSource;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigStoreOptions {
  /** Where a one-line warning goes (a config file others can read). */
  warn?: (message: string) => void;
  /** The current time in ms; decides which leftover temp files are stale. */
  now?: () => number;
}

/**
 * Settings with their precedence: command-line flag > environment > config file > default.
 * The file is read once per invocation and rewritten atomically with mode 0600. Every value is
 * checked when it is read, by the same validator `config set` uses, so a bad environment variable
 * or a hand-edited file is an exit-5 error naming it rather than a failure somewhere later.
 */
export class ConfigStore {
  readonly path: string;
  private fileValues: Record<string, unknown> | undefined;

  constructor(
    private readonly fs: FileSystem,
    private readonly env: Env,
    readonly home: string,
    private readonly flags: Readonly<Record<string, string | undefined>> = {},
    private readonly options: ConfigStoreOptions = {},
  ) {
    this.path = join(home, 'config.json');
  }

  /** The effective value of a key and where it came from, or undefined when nothing sets it. */
  get(name: string): ConfigValue | undefined {
    const key = this.requireKey(name);
    const flag = this.flags[name];
    if (flag !== undefined) return this.checked({ key, value: flag, source: 'flag' }, `--${name.replace(/_/g, '-')}`);
    const fromEnv = this.env[key.env];
    if (fromEnv !== undefined && fromEnv !== '')
      return this.checked({ key, value: fromEnv, source: 'env' }, key.env, `fix or unset ${key.env}`);
    const file = this.knownFileValues();
    if (name in file) {
      return this.checked({ key, value: file[name] as string, source: 'file' }, `${name} in ${this.path}`, this.repairHint(name));
    }
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

  /**
   * Removes a key from the file; returns false when the file did not set it. A key the CLI does
   * not know can be removed too: that is how a hand-edited file is repaired.
   */
  unset(name: string): boolean {
    const values = { ...this.readFile() };
    if (!(name in values)) {
      this.requireKey(name);
      return false;
    }
    delete values[name];
    this.write(values);
    return true;
  }

  /**
   * Removes the temp files a write interrupted part-way (a killed process) left next to the
   * config file; they may hold a token. Returns how many there were.
   */
  removeLeftoverTempFiles(): number {
    return removeTempFiles(this.fs, this.path);
  }

  /** The value, if its key's validator accepts it; otherwise exit 5 naming where it came from. */
  private checked(entry: ConfigValue, where: string, hint?: string): ConfigValue {
    const problem = checkConfigValue(entry.key, entry.value);
    if (problem !== undefined) throw new UsageError(`invalid ${where}: ${problem}`, hint);
    return entry;
  }

  private repairHint(name: string): string {
    return `run \`scaivault config set ${name} <value>\` or \`scaivault config unset ${name}\``;
  }

  /** The file's values, once every key in it is known: a misspelt key would otherwise be ignored without a word. */
  private knownFileValues(): Record<string, unknown> {
    const values = this.readFile();
    const unknown = Object.keys(values).find((name) => !findConfigKey(name));
    if (unknown !== undefined) {
      throw new UsageError(
        `unknown key ${JSON.stringify(unknown)} in ${this.path}`,
        `known keys: ${CONFIG_KEYS.map((k) => k.name).join(', ')}; remove it with \`scaivault config unset ${unknown}\``,
      );
    }
    return values;
  }

  private requireKey(name: string): ConfigKey {
    return requireConfigKey(name);
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
    this.tightenMode();
    return (this.fileValues = parsed as Record<string, unknown>);
  }

  /** The file holds credentials: one that others can read is narrowed to 0600, and the user told once. */
  private tightenMode(): void {
    if (process.platform === 'win32') return;
    let mode: number;
    try {
      mode = Number(this.fs.statSync(this.path).mode) & 0o777;
    } catch {
      return;
    }
    if ((mode & 0o077) === 0) return;
    const was = `mode 0${mode.toString(8)}`;
    try {
      this.fs.chmodSync(this.path, 0o600);
      this.options.warn?.(`${this.path} was open to other users (${was}); changed it to 0600`);
    } catch (error) {
      this.options.warn?.(`${this.path} is open to other users (${was}) and could not be changed to 0600: ${(error as Error).message}`);
    }
  }

  private write(values: Record<string, unknown>): void {
    writeFileAtomic(this.fs, this.path, `${JSON.stringify(values, null, 2)}\n`, {
      mode: 0o600,
      dirMode: 0o700,
      ...(this.options.now ? { now: this.options.now() } : {}),
    });
    this.fileValues = values;
  }
}
