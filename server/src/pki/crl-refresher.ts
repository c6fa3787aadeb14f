// Rebuilds every CRL that has less than half its lifetime left, on one elected instance (like the
// rotation scheduler), so a CA nobody revokes under still publishes a CRL that is never stale.
import type { Store } from '../storage/store.js';
import type { CertificateAuthorities } from './certificate-authorities.js';
import type { RevocationLists } from './revocation-lists.js';

export class CrlRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly cas: CertificateAuthorities,
    private readonly crls: RevocationLists,
    private readonly log: (line: string) => void,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass; overlapping calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      if (!this.store.isOpen || !(await this.store.leads('pki-crl-refresher'))) return;
      for (const id of await this.crls.staleCaIds()) {
        const ca = await this.cas.find(id);
        if (ca) await this.crls.regenerate(ca);
      }
    } catch (error) {
      if (this.store.isOpen) this.log(`crl refresher: ${(error as Error).message}`);
    }
  }
}
