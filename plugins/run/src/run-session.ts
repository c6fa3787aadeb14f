import type { Clock, FileSystem, Output, ProcessSignals } from '@scaivault/core';
import { InterruptedError } from '@scaivault/core';
import type { ScaiVaultClient } from '@scaivault/core/sdk';
import { ChangeWatch } from './change-watch.js';
import { ChildProgram, FORWARDED_SIGNALS, exitCodeOf, type ProgramStreams } from './child-program.js';
import { LeaseKeeper } from './lease-keeper.js';
import { SecretMount } from './secret-mount.js';
import { resolveValues, sameValues, watchedPaths, type InjectionPlan } from './secret-values.js';

export interface RunSettings {
  plan: InjectionPlan;
  command: string;
  args: readonly string[];
  /** With `--watch`: how long a program may take to stop after SIGTERM, and how long a burst of changes may last. */
  watch: { restartTimeoutMs: number; debounceMs: number } | undefined;
  mountDir: string | undefined;
}

export interface RunServices {
  client: ScaiVaultClient;
  clock: Clock;
  signals: ProcessSignals;
  output: Output;
  fs: FileSystem;
  env: Readonly<Record<string, string | undefined>>;
  streams: ProgramStreams;
}

/** Resolves when `notify()` has been called since the last `next()`; several calls before it count once. */
class ChangeSignal {
  private waiting: (() => void) | undefined;
  private pending = false;

  notify(): void {
    if (this.waiting) {
      const wake = this.waiting;
      this.waiting = undefined;
      wake();
    } else this.pending = true;
  }

  next(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

/**
 * One `scaivault run`: read the values, start the program with them, pass signals on, and (with
 * `--watch`) restart it with fresh values after a change. Whatever ends it — the program exiting,
 * a signal, a failure while starting — the watch subscription is deleted, the leases revoked and
 * the mount removed before the exit code is returned.
 */
export class RunSession {
  private current: ChildProgram | undefined;
  /** A stop signal that arrived while no program was running (starting, or between two runs). */
  private stopRequested: NodeJS.Signals | undefined;
  private restarting = false;
  private readonly interrupt = new AbortController();

  constructor(
    private readonly settings: RunSettings,
    private readonly services: RunServices,
  ) {}

  async run(): Promise<number> {
    const { client, clock, output, signals } = this.services;
    const notices = { info: (text: string) => output.info(`scaivault run: ${text}`), warn: (text: string) => output.warn(text) };
    const leases = new LeaseKeeper(client, clock, notices);
    const watch = this.settings.watch ? new ChangeWatch(client, clock, notices) : undefined;
    const mount =
      this.settings.mountDir === undefined ? undefined : new SecretMount(this.services.fs, this.settings.mountDir, process.platform);
    let mounted = false;
    const release = signals.listen(FORWARDED_SIGNALS, (name) => this.onSignal(name));
    try {
      // Subscribed before the first read, so a change made in between is not missed.
      if (watch) await this.unlessInterrupted(watch.subscribe(watchedPaths(this.settings.plan)));
      let values = await this.unlessInterrupted(resolveValues(client, this.settings.plan, leases));
      if (mount) {
        mount.create();
        mounted = true;
      }
      this.current = await this.start(values, mount);
      leases.startRenewing();
      if (!watch || !this.settings.watch) return exitCodeOf(await this.current.exited);

      const changes = new ChangeSignal();
      watch.start(this.settings.watch.debounceMs, () => changes.notify());
      for (;;) {
        const program = this.current;
        const next = await Promise.race([program.exited.then((exit) => ({ exit })), changes.next().then(() => ({ exit: undefined }))]);
        if (next.exit) return exitCodeOf(next.exit);
        let fresh: Map<string, string>;
        try {
          fresh = await resolveValues(client, this.settings.plan, leases);
        } catch (error) {
          notices.warn(`a watched secret changed but could not be read (${(error as Error).message}); the program keeps running`);
          continue;
        }
        if (sameValues(fresh, values)) continue;
        notices.info(`secrets changed; restarting (pid ${program.pid})`);
        this.restarting = true;
        const stopped = await program.stop(this.settings.watch.restartTimeoutMs, (ms, signal) => clock.sleep(ms, signal));
        if (stopped.byItself) return exitCodeOf(stopped);
        if (this.stopRequested) return exitCodeOf({ code: null, signal: this.stopRequested });
        values = fresh;
        this.current = await this.start(values, mount);
        this.restarting = false;
        notices.info(`restarted (pid ${this.current.pid})`);
      }
    } finally {
      this.restarting = false;
      await watch?.stop();
      await leases.revokeAll();
      if (mounted) mount?.remove();
      release();
    }
  }

  private onSignal(name: NodeJS.Signals): void {
    const program = this.current;
    if (program === undefined || this.restarting) {
      if (name !== 'SIGWINCH' && name !== 'SIGUSR2') {
        this.stopRequested ??= name;
        this.interrupt.abort();
      }
    }
    program?.forward(name);
  }

  /** Waits for `pending`, unless the user asks to stop first (exit 130; the finally block cleans up). */
  private unlessInterrupted<T>(pending: Promise<T>): Promise<T> {
    const signal = this.interrupt.signal;
    if (signal.aborted) return Promise.reject(new InterruptedError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new InterruptedError());
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
        (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
      );
    });
  }

  private async start(values: ReadonlyMap<string, string>, mount: SecretMount | undefined): Promise<ChildProgram> {
    if (this.stopRequested) throw new InterruptedError();
    const injected = mount ? mount.write(values) : values;
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.services.env)) if (value !== undefined) env[name] = value;
    for (const [name, value] of injected) env[name] = value;
    return ChildProgram.start(this.settings.command, this.settings.args, env, this.services.streams);
  }
}
