// Reading the PKI request fields the routes share: revocation reasons, names, TTLs and the CSR.
import { BodyReader } from '../http/body-reader.js';
import { isRevocationReason, REVOCATION_REASONS, type LeafRequest, type RevocationReason } from '../crypto/ca-engine/index.js';
import { refuse } from './pki-errors.js';
import { pkiDuration } from './pki-durations.js';

/** `{"reason"}`, default `unspecified`; an unknown reason is refused naming it and the valid ones. */
export function readReason(body: unknown): RevocationReason {
  const fields = new BodyReader(body, { allowEmpty: true });
  const reason = fields.raw('reason');
  fields.finish();
  if (reason === undefined || reason === null) return 'unspecified';
  if (!isRevocationReason(reason))
    throw refuse(
      'reason',
      typeof reason === 'string' ? reason : JSON.stringify(reason),
      `reason ${JSON.stringify(reason)} is not one of ${Object.keys(REVOCATION_REASONS).join(', ')}`,
    );
  return reason;
}

/** `validity_days` as the `ttl` the engine takes (`N·24h`); absent stays absent. */
export function validityDaysAsTtl(fields: BodyReader): string | undefined {
  const days = fields.raw('validity_days');
  if (days === undefined || days === null) return undefined;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 36_500)
    throw refuse(
      'validity_days',
      typeof days === 'number' ? days : String(days),
      `validity_days must be a whole number of days from 1 to 36500, not ${JSON.stringify(days)}`,
    );
  return `${days * 24}h`;
}

/** The names and lifetime of an issue request (also the optional overrides of a sign request). */
export function readLeafRequest(fields: BodyReader, options: { allowValidityDays: boolean }): LeafRequest {
  const request: LeafRequest = {};
  const commonName = fields.optionalString('common_name', { max: 256 });
  if (commonName !== undefined) request.commonName = commonName;
  const altNames = fields.optionalStringArray('alt_names');
  if (altNames !== undefined) request.altNames = altNames;
  const ipSans = fields.optionalStringArray('ip_sans');
  if (ipSans !== undefined) request.ipSans = ipSans;
  const ttl = fields.raw('ttl');
  fields.finish();
  const fromDays = options.allowValidityDays ? validityDaysAsTtl(fields) : undefined;
  if (ttl !== undefined && ttl !== null) {
    if (fromDays !== undefined) throw refuse('ttl', String(ttl), 'give ttl or validity_days, not both');
    request.ttl = pkiDuration(ttl, 'ttl').text;
  } else if (fromDays !== undefined) request.ttl = fromDays;
  return request;
}
