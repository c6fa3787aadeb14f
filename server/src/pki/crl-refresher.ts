// Rebuilds every CRL that has less than half its lifetime left, on one elected instance (like the
// rotation scheduler), so a CA nobody revokes under still publishes a CRL that is never stale.
import type { Store } from '../storage/store.js';
import { LeaderJob } from '../shared/leader-job.js';
import type { CertificateAuthorities } from './certificate-authorities.js';
import type { RevocationLists } from './revocation-lists.js';

export class CrlRefresher extends LeaderJob {
  constructor(
    store: Store,
    private readonly cas: CertificateAuthorities,
    private readonly crls: RevocationLists,
    log: (line: string) => void,
  ) {
    super(store, 'pki-crl-refresher', log);
  }

  protected async pass(): Promise<void> {
    for (const id of await this.crls.staleCaIds()) {
      const ca = await this.cas.find(id);
      if (ca) await this.crls.regenerate(ca);
    }
  }
}
