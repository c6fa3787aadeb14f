// `pki inspect` for a certificate, with node:crypto's X509Certificate and a small DER reader only,
// so inspecting a certificate does not pay for loading the ASN.1 schemas. Same output as the
// schema-based describer (describe.ts), which the tests hold it to.
import { createHash, X509Certificate } from 'node:crypto';
import { basicConstraintsOf, certificateExtensions, keyUsageFlags, oidList } from './der-reader.js';
import { EKU_NAMES, KEY_USAGE_NAMES, type Described } from './names.js';

const HANDLED = new Set(['2.5.29.17', '2.5.29.19', '2.5.29.15', '2.5.29.37']);
const CURVES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

function nameLine(text: string | undefined): string {
  return (text ?? '').split('\n').filter(Boolean).join(', ');
}

function hexColons(hex: string): string {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return (
    even
      .toLowerCase()
      .replace(/^(00)+(?=..)/, '')
      .match(/../g) ?? []
  ).join(':');
}

/** node prints IPv6 SANs in full (`fe80:0:0:0:0:0:0:1`); the WHATWG URL parser gives RFC 5952's `fe80::1`. */
function canonicalIp(address: string): string {
  return address.includes(':') ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

function sans(text: string | undefined): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const entry of (text ?? '').split(', ')) {
    if (entry.startsWith('DNS:')) dns.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) ip.push(canonicalIp(entry.slice(11)));
  }
  return { dns, ip };
}

/** undefined when node cannot read it: the caller falls back to the schema-based describer. */
export function describeCertificateFast(der: Buffer, now: Date): Described | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    return undefined;
  }
  const { values, signatureAlgorithm } = certificateExtensions(der);
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyText =
    key.asymmetricKeyType === 'rsa'
      ? `RSA ${details.modulusLength} bits`
      : key.asymmetricKeyType === 'ec'
        ? `EC ${CURVES[details.namedCurve ?? ''] ?? details.namedCurve}`
        : (key.asymmetricKeyType ?? 'unknown');
  const constraints = values.has('2.5.29.19') ? basicConstraintsOf(values.get('2.5.29.19')!) : undefined;
  const usage = values.has('2.5.29.15') ? keyUsageFlags(values.get('2.5.29.15')!) : 0;
  const { dns, ip } = sans(certificate.subjectAltName);
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  const subject = nameLine(certificate.subject);
  const issuer = nameLine(certificate.issuer);
  return {
    kind: 'certificate',
    subject,
    issuer,
    serial_number: hexColons(certificate.serialNumber),
    not_before: notBefore.toISOString(),
    not_after: notAfter.toISOString(),
    days_left: Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000),
    expired: now > notAfter,
    key: keyText,
    signature_algorithm: signatureAlgorithm,
    dns_names: dns,
    ip_addresses: ip,
    is_ca: constraints?.isCa,
    path_length: constraints?.pathLength,
    key_usage: KEY_USAGE_NAMES.filter((_, bit) => (usage & (1 << bit)) !== 0),
    extended_key_usage: values.has('2.5.29.37') ? oidList(values.get('2.5.29.37')!).map((oid) => EKU_NAMES[oid] ?? oid) : [],
    other_extensions: [...values.keys()].filter((oid) => !HANDLED.has(oid)),
    self_signed: subject === issuer,
    fingerprint_sha256: createHash('sha256').update(der).digest('hex').match(/../g)!.join(':'),
    fingerprint_sha1: createHash('sha1').update(der).digest('hex').match(/../g)!.join(':'),
  };
}
