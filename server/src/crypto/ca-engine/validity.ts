// Validity windows. Certificates are backdated a minute so a relying party whose clock lags a little
// does not see them as not yet valid, but never to before the issuer's own notBefore.
import { PkiValidationError } from './pki-validation-error.js';

export const BACKDATE_MS = 60_000;
const DAY_MS = 86_400_000;
export const MAX_VALIDITY_DAYS = 36_500;

export function notBeforeFor(now: Date, issuerNotBefore?: Date): Date {
  const backdated = new Date(Math.floor((now.getTime() - BACKDATE_MS) / 1000) * 1000);
  return issuerNotBefore && backdated < issuerNotBefore ? issuerNotBefore : backdated;
}

export function checkValidityDays(days: unknown, field = 'validity_days'): number {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_VALIDITY_DAYS) {
    throw new PkiValidationError(
      'validation_error',
      field,
      typeof days === 'number' ? days : String(days),
      `${field} must be a whole number of days from 1 to ${MAX_VALIDITY_DAYS}, not ${JSON.stringify(days)}`,
    );
  }
  return days;
}

export function addDays(from: Date, days: number): Date {
  return new Date(Math.floor((from.getTime() + days * DAY_MS) / 1000) * 1000);
}

/** Refuses a window that ends after the issuer's: a certificate never outlives the CA that signed it. */
export function checkWithinIssuer(notAfter: Date, issuerNotAfter: Date, field: string, value: string | number): void {
  if (notAfter.getTime() > issuerNotAfter.getTime()) {
    throw new PkiValidationError(
      'validation_error',
      field,
      value,
      `${field} ${JSON.stringify(value)} would end ${notAfter.toISOString()}, after the issuing CA expires (${issuerNotAfter.toISOString()})`,
    );
  }
}
