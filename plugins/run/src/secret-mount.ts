import type { FileSystem } from '@scaivault/core';
import { UsageError, writeFileAtomic } from '@scaivault/core';
import { join, resolve } from 'node:path';

/**
 * `--mount DIR`: the secrets as files, one per variable (`DIR/DB_PASSWORD`), in a directory only
 * this user can enter (0700, files 0600). `run` creates the directory — it must not exist, so
 * nothing of the user's is ever written into or removed — and removes it when the program has
 * exited, whichever way. The program's environment names each file (`DB_PASSWORD_FILE=DIR/DB_PASSWORD`)
 * instead of holding the value.
 */
export class SecretMount {
  readonly dir: string;

  constructor(
    private readonly fs: FileSystem,
    dir: string,
    platform: string,
  ) {
    if (platform !== 'linux') throw new UsageError('--mount works on Linux only', 'use --env to put the values in the environment');
    this.dir = resolve(dir);
  }

  /** Creates the directory; exit 5 when it exists already. */
  create(): void {
    if (this.fs.existsSync(this.dir))
      throw new UsageError(
        `--mount ${this.dir} exists already`,
        'name a directory that does not exist; run creates it and removes it afterwards',
      );
    try {
      this.fs.mkdirSync(this.dir, { mode: 0o700 });
    } catch (error) {
      throw new UsageError(`--mount ${this.dir}: cannot create it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    // mkdir's mode is narrowed by the umask, never widened; chmod makes it exactly 0700.
    this.fs.chmodSync(this.dir, 0o700);
  }

  /** Writes (or rewrites, after a change) every value; answers the variables that name the files. */
  write(values: ReadonlyMap<string, string>): Map<string, string> {
    const pointers = new Map<string, string>();
    for (const name of this.fs.readdirSync(this.dir) as string[])
      if (!values.has(name)) this.fs.rmSync(join(this.dir, name), { force: true });
    for (const [name, value] of values) {
      const file = join(this.dir, name);
      writeFileAtomic(this.fs, file, value, { mode: 0o600 });
      pointers.set(`${name}_FILE`, file);
    }
    return pointers;
  }

  remove(): void {
    this.fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
