// `pki verify`: does CERT chain to a trusted root through the given intermediates, is every link in
// its validity window, a CA allowed to sign (CA:TRUE, keyCertSign, path length), and — with CRLs —
// not revoked? Loaded lazily (ASN.1 schemas). Signatures are checked by node:crypto (OpenSSL).
import { verify as verifySignature, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, CertificateList, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';
import { nameText } from './describe.js';
import { REVOCATION_REASONS, SIGNATURE_DIGESTS } from './names.js';

const MAX_DEPTH = 10;

export interface VerifyInput {
  leaf: Buffer;
  intermediates: Buffer[];
  roots: Buffer[];
  crls: Buffer[];
  now: Date;
}

export interface VerifyResult {
  valid: boolean;
  /** Subjects from the leaf up to the root that was reached. */
  chain: string[];
  /** Why not, in one line. */
  error?: string;
  revocation_checked: boolean;
  /** The DER of each certificate of `chain`, leaf first (for an OCSP check of the leaf). */
  path: Buffer[];
}

interface Link {
  x509: X509Certificate;
  asn: Certificate;
  subject: string;
}

function link(der: Buffer): Link {
  const asn = AsnConvert.parse(der, Certificate);
  return { x509: new X509Certificate(der), asn, subject: nameText(asn.tbsCertificate.subject) };
}

function caFacts(candidate: Link): { isCa: boolean; pathLength: number | undefined; canSign: boolean } {
  let isCa = false;
  let pathLength: number | undefined;
  let canSign = true;
  for (const extension of candidate.asn.tbsCertificate.extensions ?? []) {
    if (extension.extnID === '2.5.29.19') {
      const constraints = AsnConvert.parse(extension.extnValue.buffer, BasicConstraints);
      isCa = constraints.cA;
      pathLength = constraints.pathLenConstraint;
    } else if (extension.extnID === '2.5.29.15') {
      canSign = (AsnConvert.parse(extension.extnValue.buffer, KeyUsage).toNumber() & KeyUsageFlags.keyCertSign) !== 0;
    }
  }
  return { isCa, pathLength, canSign };
}

function issuerOf(child: Link, candidates: readonly Link[]): Link | undefined {
  return candidates.find((candidate) => child.x509.checkIssued(candidate.x509) && child.x509.verify(candidate.x509.publicKey));
}

function checkTime(item: Link, now: Date): string | undefined {
  const { notBefore, notAfter } = item.asn.tbsCertificate.validity;
  if (now < notBefore.getTime()) return `${item.subject} is not valid until ${notBefore.getTime().toISOString()}`;
  if (now > notAfter.getTime()) return `${item.subject} expired at ${notAfter.getTime().toISOString()}`;
  return undefined;
}

/** The revocation status of `item` by a CRL of its issuer; an error when no usable CRL is given. */
function revocationError(item: Link, issuer: Link, crls: readonly CertificateList[], now: Date): string | undefined {
  const issuerName = nameText(issuer.asn.tbsCertificate.subject);
  const mine = crls.filter((crl) => nameText(crl.tbsCertList.issuer) === issuerName);
  if (mine.length === 0) return `no CRL from ${issuerName} was given (--crl), so ${item.subject} cannot be checked`;
  for (const crl of mine) {
    const digest = SIGNATURE_DIGESTS[crl.signatureAlgorithm.algorithm];
    const signed =
      digest !== undefined &&
      crl.tbsCertListRaw !== undefined &&
      verifySignature(digest, Buffer.from(crl.tbsCertListRaw), issuer.x509.publicKey, Buffer.from(crl.signature));
    if (!signed) return `the CRL from ${issuerName} is not signed by its issuer`;
    const nextUpdate = crl.tbsCertList.nextUpdate?.getTime();
    if (nextUpdate && now > nextUpdate) return `the CRL from ${issuerName} is stale (next update was ${nextUpdate.toISOString()})`;
    const serial = Buffer.from(item.asn.tbsCertificate.serialNumber)
      .toString('hex')
      .replace(/^(00)+/, '');
    for (const entry of crl.tbsCertList.revokedCertificates ?? []) {
      if (
        Buffer.from(entry.userCertificate)
          .toString('hex')
          .replace(/^(00)+/, '') !== serial
      )
        continue;
      const reason = entry.crlEntryExtensions?.find((extension) => extension.extnID === '2.5.29.21');
      const name = reason ? REVOCATION_REASONS[new Uint8Array(reason.extnValue.buffer).at(-1) ?? 0] : 'unspecified';
      return `${item.subject} is revoked (${name}, ${entry.revocationDate.getTime().toISOString()})`;
    }
  }
  return undefined;
}

function hasCrlFrom(issuer: Link, crls: readonly CertificateList[]): boolean {
  return crls.some((crl) => nameText(crl.tbsCertList.issuer) === issuer.subject);
}

export function verifyChain(input: VerifyInput): VerifyResult {
  const leaf = link(input.leaf);
  // As OpenSSL does by default, only a self-signed certificate is a trust anchor; any other given
  // as --ca can still serve as an intermediate, but the chain must reach a root.
  const anchors = input.roots.map(link);
  const roots = anchors.filter((item) => item.x509.checkIssued(item.x509) && item.x509.verify(item.x509.publicKey));
  const intermediates = [...input.intermediates.map(link), ...anchors.filter((item) => !roots.includes(item))];
  const crls = input.crls.map((der) => AsnConvert.parse(der, CertificateList));
  const checkRevocation = crls.length > 0;
  const chain = [leaf.subject];
  const path = [input.leaf];
  const fail = (error: string): VerifyResult => ({ valid: false, chain, error, revocation_checked: checkRevocation, path });

  let current = leaf;
  const timeError = checkTime(leaf, input.now);
  if (timeError) return fail(timeError);
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const root = issuerOf(current, roots);
    const issuer =
      root ??
      issuerOf(
        current,
        intermediates.filter((item) => item !== current),
      );
    if (!issuer)
      return fail(
        `no issuer of ${current.subject} (issued by ${nameText(current.asn.tbsCertificate.issuer)}) among --ca and --chain whose signature matches`,
      );
    // A self-signed root trusted as itself is the end of the chain.
    if (issuer === current) break;
    chain.push(issuer.subject);
    path.push(Buffer.from(issuer.x509.raw));
    const facts = caFacts(issuer);
    if (!facts.isCa) return fail(`${issuer.subject} is not a CA (basicConstraints CA:FALSE), so it may not issue ${current.subject}`);
    if (!facts.canSign) return fail(`${issuer.subject} has no keyCertSign key usage, so it may not issue certificates`);
    const intermediatesBelow = chain.length - 2;
    if (facts.pathLength !== undefined && intermediatesBelow > facts.pathLength) {
      return fail(
        `${issuer.subject} allows ${facts.pathLength} intermediate CA(s) below it (pathlen), the chain has ${intermediatesBelow}`,
      );
    }
    const issuerTime = checkTime(issuer, input.now);
    if (issuerTime) return fail(issuerTime);
    // The leaf needs a CRL from its issuer (openssl -crl_check); a CA above it is checked when its issuer's CRL is given too.
    if (checkRevocation && (current === leaf || hasCrlFrom(issuer, crls))) {
      const revoked = revocationError(current, issuer, crls, input.now);
      if (revoked) return fail(revoked);
    }
    if (root) return { valid: true, chain, revocation_checked: checkRevocation, path };
    current = issuer;
  }
  return fail(`the chain is longer than ${MAX_DEPTH} certificates`);
}
