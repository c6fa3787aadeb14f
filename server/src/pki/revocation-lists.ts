// Each CA's current CRL (kept in pki_crls with a CRL number that only grows) and the status the
// OCSP responder reports for a serial. A CRL is rebuilt in the transaction of every revocation, and
// by the refresher before half its lifetime is gone, so relying parties never see a stale one.
import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import {
  buildCrl,
  DEFAULT_CRL_LIFETIME_SECONDS,
  isRevocationReason,
  type BuiltCrl,
  type OcspCertificateStatus,
  type RevokedEntry,
} from '../crypto/ca-engine/index.js';
import type { CaRow } from './pki-views.js';
import type { SigningKeys } from './signing-keys.js';
import type { PkiCrlsTable } from './pki-tables.js';

const LIFETIME_MS = DEFAULT_CRL_LIFETIME_SECONDS * 1000;

export class RevocationLists {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly keys: SigningKeys,
  ) {}

  /** Builds and stores the next CRL of `ca` (inside the caller's transaction when there is one). */
  async regenerate(ca: CaRow): Promise<BuiltCrl> {
    return this.store.transaction(async () => {
      await this.store.lock(`pki-crl:${ca.id}`);
      const previous = await this.stored(ca.id);
      const entries: RevokedEntry[] = [];
      const leaves = await this.store.db
        .selectFrom('pki_certificates')
        .select(['serial_number', 'revoked_at', 'revocation_reason'])
        .where('ca_id', '=', ca.id)
        .where('revoked_at', 'is not', null)
        .execute();
      const children = await this.store.db
        .selectFrom('pki_cas')
        .select(['serial_number', 'revoked_at', 'revocation_reason'])
        .where('parent_ca_id', '=', ca.id)
        .where('revoked_at', 'is not', null)
        .execute();
      for (const row of [...leaves, ...children]) {
        const reason = isRevocationReason(row.revocation_reason) ? row.revocation_reason : 'unspecified';
        entries.push({ serialNumber: row.serial_number, revokedAt: new Date(row.revoked_at!), reason });
      }
      // CRL times have one-second resolution; the number must grow even within one second.
      const now = Math.floor(this.clock() / 1000) * 1000;
      const crl = buildCrl(this.keys.signingCa(ca), {
        crlNumber: (previous?.crl_number ?? 0) + 1,
        thisUpdate: new Date(now),
        nextUpdate: new Date(now + LIFETIME_MS),
        entries,
      });
      const row: PkiCrlsTable = {
        ca_id: ca.id,
        tenant_id: ca.tenant_id,
        crl_number: crl.crlNumber,
        this_update: now,
        next_update: now + LIFETIME_MS,
        crl_der: crl.der,
      };
      await this.store.db
        .insertInto('pki_crls')
        .values(row)
        .onConflict((conflict) =>
          conflict.column('ca_id').doUpdateSet({
            crl_number: row.crl_number,
            this_update: row.this_update,
            next_update: row.next_update,
            crl_der: row.crl_der,
          }),
        )
        .execute();
      return crl;
    });
  }

  private stored(caId: string): Promise<PkiCrlsTable | undefined> {
    return this.store.db.selectFrom('pki_crls').selectAll().where('ca_id', '=', caId).executeTakeFirst();
  }

  /** The CRL to serve: the stored one, or a fresh one if it is missing or past its next update. */
  async current(ca: CaRow): Promise<{ der: Buffer; crlNumber: number; thisUpdate: number; nextUpdate: number }> {
    const row = await this.stored(ca.id);
    if (row && row.next_update > this.clock())
      return { der: Buffer.from(row.crl_der), crlNumber: row.crl_number, thisUpdate: row.this_update, nextUpdate: row.next_update };
    const crl = await this.regenerate(ca);
    return { der: crl.der, crlNumber: crl.crlNumber, thisUpdate: crl.thisUpdate.getTime(), nextUpdate: crl.nextUpdate.getTime() };
  }

  /** CAs whose CRL has less than half its lifetime left. */
  async staleCaIds(): Promise<string[]> {
    const cutoff = this.clock() - LIFETIME_MS / 2;
    const rows = await this.store.db.selectFrom('pki_crls').select('ca_id').where('this_update', '<=', cutoff).execute();
    return rows.map((row) => row.ca_id);
  }

  /** What OCSP says of `serialNumber` under `ca`: its leaves and the CAs it signed; `unknown` for anything else. */
  async status(ca: CaRow, serialNumber: string): Promise<OcspCertificateStatus> {
    const id = `cert_${serialNumber.replace(/:/g, '')}`;
    const leaf = await this.store.db
      .selectFrom('pki_certificates')
      .select(['ca_id', 'revoked_at', 'revocation_reason'])
      .where('id', '=', id)
      .executeTakeFirst();
    const row =
      leaf?.ca_id === ca.id
        ? leaf
        : await this.store.db
            .selectFrom('pki_cas')
            .select(['revoked_at', 'revocation_reason'])
            .where('parent_ca_id', '=', ca.id)
            .where('serial_number', '=', serialNumber)
            .executeTakeFirst();
    if (!row) return { status: 'unknown' };
    if (row.revoked_at === null) return { status: 'good' };
    const reason = isRevocationReason(row.revocation_reason) ? row.revocation_reason : 'unspecified';
    return { status: 'revoked', revokedAt: new Date(row.revoked_at), reason };
  }
}
