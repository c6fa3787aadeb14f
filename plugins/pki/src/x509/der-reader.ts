// Just enough DER reading to describe a certificate without loading the ASN.1 schemas (which
// cost more startup than everything else `pki inspect` does): TLV walking, OIDs, and the handful of
// extensions inspect shows. node:crypto's X509Certificate supplies the rest.

export interface Tlv {
  tag: number;
  /** Offset of the value. */
  start: number;
  /** Offset just past the value. */
  end: number;
}

export function readTlv(der: Uint8Array, offset: number): Tlv {
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i]!;
    start += bytes;
  }
  if (start + length > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + length };
}

export function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end;) {
    const item = readTlv(der, offset);
    items.push(item);
    offset = item.end;
  }
  return items;
}

export function oidText(der: Uint8Array, tlv: Tlv): string {
  const bytes = der.subarray(tlv.start, tlv.end);
  const first = bytes[0]!;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export interface CertificateExtensions {
  /** OID → the extension's value (the OCTET STRING contents). */
  values: Map<string, Uint8Array>;
  signatureAlgorithm: string;
}

/** The extensions of a DER certificate and its signature algorithm OID. */
export function certificateExtensions(der: Uint8Array): CertificateExtensions {
  const certificate = readTlv(der, 0);
  const [tbs, algorithm] = children(der, certificate);
  const signatureAlgorithm = oidText(der, children(der, algorithm!)[0]!);
  const values = new Map<string, Uint8Array>();
  const wrapper = children(der, tbs!).find((item) => item.tag === 0xa3);
  if (wrapper) {
    for (const extension of children(der, children(der, wrapper)[0]!)) {
      const parts = children(der, extension);
      const value = parts[parts.length - 1]!;
      values.set(oidText(der, parts[0]!), der.subarray(value.start, value.end));
    }
  }
  return { values, signatureAlgorithm };
}

export function basicConstraintsOf(value: Uint8Array): { isCa: boolean; pathLength: number | undefined } {
  const sequence = readTlv(value, 0);
  let isCa = false;
  let pathLength: number | undefined;
  for (const item of children(value, sequence)) {
    if (item.tag === 0x01) isCa = value[item.start] !== 0;
    if (item.tag === 0x02) pathLength = [...value.subarray(item.start, item.end)].reduce((sum, byte) => sum * 256 + byte, 0);
  }
  return { isCa, pathLength };
}

/** Key usage bits as numbers: bit 0 (digitalSignature) → 1, bit 1 → 2, ... as RFC 5280 numbers them. */
export function keyUsageFlags(value: Uint8Array): number {
  const bits = readTlv(value, 0);
  let flags = 0;
  const bytes = value.subarray(bits.start + 1, bits.end);
  bytes.forEach((byte, index) => {
    for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) flags |= 1 << (index * 8 + bit);
  });
  return flags;
}

export function oidList(value: Uint8Array): string[] {
  return children(value, readTlv(value, 0)).map((item) => oidText(value, item));
}
