// Root and intermediate CA certificates: CA:TRUE with a path length, keyCertSign + cRLSign,
// subject and authority key ids, and (for intermediates) validity inside the parent's.
import type { KeyObject } from 'node:crypto';
import { buildName, type SubjectFields } from './distinguished-names.js';
import { readCaCertificate, type CaCertificateInfo } from './ca-certificate-info.js';
import { signCertificate, spkiFromDer } from './certificate-signing.js';
import {
  authorityInformationAccess,
  authorityKeyIdentifier,
  basicConstraints,
  caKeyUsage,
  crlDistributionPoints,
  keyIdentifierOf,
  subjectKeyIdentifier,
} from './extensions.js';
import { generateKeyPair, subjectPublicKeyInfoDer, type KeySpec } from './key-pairs.js';
import { toPem } from './pem.js';
import { PkiValidationError } from './pki-validation-error.js';
import { newSerialNumber } from './serial-numbers.js';
import type { SigningCa } from './signing-ca.js';
import { addDays, checkValidityDays, checkWithinIssuer, notBeforeFor } from './validity.js';

export interface CaRequest extends SubjectFields {
  commonName: string;
  key: KeySpec;
  validityDays: number;
  /** How many intermediate CAs may follow below this one; omitted = no limit for a root, 0 for an intermediate. */
  pathLength?: number;
  now?: Date;
}

export interface CreatedCa {
  certificateDer: Buffer;
  certificatePem: string;
  privateKey: KeyObject;
  certificate: CaCertificateInfo;
}

function checkPathLength(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
    throw new PkiValidationError(
      'validation_error',
      'path_length',
      String(value),
      `path_length must be a whole number from 0 to 10, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function checkCommonName(commonName: unknown): string {
  if (typeof commonName !== 'string' || commonName.trim() === '' || commonName.length > 64) {
    throw new PkiValidationError(
      'validation_error',
      'common_name',
      String(commonName),
      'common_name must be 1 to 64 characters (RFC 5280 ub-common-name)',
    );
  }
  return commonName;
}

function created(der: Buffer, privateKey: KeyObject): CreatedCa {
  return { certificateDer: der, certificatePem: toPem(der, 'CERTIFICATE'), privateKey, certificate: readCaCertificate(der) };
}

export async function createRootCa(request: CaRequest): Promise<CreatedCa> {
  const commonName = checkCommonName(request.commonName);
  const days = checkValidityDays(request.validityDays);
  const pathLength = checkPathLength(request.pathLength);
  const keys = await generateKeyPair(request.key);
  const spki = subjectPublicKeyInfoDer(keys.publicKey);
  const keyId = keyIdentifierOf(spkiFromDer(spki));
  const now = request.now ?? new Date();
  const name = buildName({ ...request, commonName });
  const der = signCertificate(
    {
      serialNumber: newSerialNumber(),
      issuer: name,
      subject: name,
      notBefore: notBeforeFor(now),
      notAfter: addDays(now, days),
      subjectPublicKeyInfo: spki,
      extensions: [basicConstraints(true, pathLength), caKeyUsage(), subjectKeyIdentifier(keyId), authorityKeyIdentifier(keyId)],
    },
    keys.privateKey,
  );
  return created(der, keys.privateKey);
}

/** The path length an intermediate gets below `parent`, or an error when the parent may not have one. */
function childPathLength(parent: CaCertificateInfo, requested: number | undefined): number {
  if (!parent.canSignCertificates) {
    throw new PkiValidationError(
      'validation_error',
      'parent_ca_id',
      parent.subjectText,
      `the parent CA (${parent.subjectText}) is not allowed to sign certificates`,
    );
  }
  if (parent.pathLength === 0) {
    throw new PkiValidationError(
      'validation_error',
      'parent_ca_id',
      parent.subjectText,
      `the parent CA (${parent.subjectText}) has path length 0: it may sign leaf certificates only, not another CA`,
    );
  }
  const limit = parent.pathLength === undefined ? undefined : parent.pathLength - 1;
  if (requested !== undefined && limit !== undefined && requested > limit) {
    throw new PkiValidationError(
      'validation_error',
      'path_length',
      requested,
      `path_length ${requested} is more than the parent CA allows below it (${limit})`,
    );
  }
  return requested ?? 0;
}

export async function createIntermediateCa(parent: SigningCa, request: CaRequest): Promise<CreatedCa> {
  const commonName = checkCommonName(request.commonName);
  const days = checkValidityDays(request.validityDays);
  const pathLength = childPathLength(parent.certificate, checkPathLength(request.pathLength));
  const now = request.now ?? new Date();
  const notAfter = addDays(now, days);
  checkWithinIssuer(notAfter, parent.certificate.notAfter, 'validity_days', days);
  if (now.getTime() < parent.certificate.notBefore.getTime()) {
    throw new PkiValidationError('validation_error', 'parent_ca_id', parent.certificate.subjectText, 'the parent CA is not valid yet');
  }
  const keys = await generateKeyPair(request.key);
  const spki = subjectPublicKeyInfoDer(keys.publicKey);
  const extensions = [
    basicConstraints(true, pathLength),
    caKeyUsage(),
    subjectKeyIdentifier(keyIdentifierOf(spkiFromDer(spki))),
    authorityKeyIdentifier(parent.certificate.subjectKeyId),
  ];
  if (parent.urls) extensions.push(crlDistributionPoints(parent.urls.crl), authorityInformationAccess(parent.urls));
  const der = signCertificate(
    {
      serialNumber: newSerialNumber(),
      issuer: parent.certificate.subject,
      subject: buildName({ ...request, commonName }),
      notBefore: notBeforeFor(now, parent.certificate.notBefore),
      notAfter,
      subjectPublicKeyInfo: spki,
      extensions,
    },
    parent.privateKey,
  );
  return created(der, keys.privateKey);
}
