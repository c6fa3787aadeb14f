import type { Store } from '../storage/store.js';

/**
 * A background pass run on an unref'd interval timer (it never keeps the process alive), and only
 * on the instance that leads `name` (always the one server on SQLite). Overlapping ticks share the
 * pass in progress; a failed pass is logged — unless the store has closed under it — never thrown.
 */
export abstract class LeaderJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  protected constructor(
    protected readonly store: Store,
    private readonly name: string,
    protected readonly log: (line: string) => void,
  ) {}

  /** The work of one pass, on the leader. */
  protected abstract pass(): Promise<void>;

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  tick(): Promise<void> {
    this.running ??= this.leadAndPass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async leadAndPass(): Promise<void> {
    try {
      if (!this.store.isOpen || !(await this.store.leads(this.name))) return;
      await this.pass();
    } catch (error) {
      if (this.store.isOpen) this.log(`${this.name}: ${(error as Error).message}`);
    }
  }
}
