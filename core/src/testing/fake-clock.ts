import type { Clock } from '../di/tokens.js';

/** A clock tests move by hand: `sleep` resolves as soon as `advance` passes its deadline. */
export class FakeClock implements Clock {
  private current: number;
  private readonly sleepers: Array<{ until: number; resolve: () => void }> = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.sleepers.push({ until: this.current + ms, resolve }));
  }

  advance(ms: number): void {
    this.current += ms;
    for (const sleeper of [...this.sleepers]) {
      if (sleeper.until <= this.current) {
        this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
        sleeper.resolve();
      }
    }
  }
}
