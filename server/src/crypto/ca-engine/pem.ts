// PEM armour: the base64 text form of DER, 64 columns, as OpenSSL writes and reads it.

export type PemLabel = 'CERTIFICATE' | 'CERTIFICATE REQUEST' | 'X509 CRL' | 'PRIVATE KEY' | 'PUBLIC KEY';

export function toPem(der: Uint8Array, label: PemLabel): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block with the given label, decoded, in order. */
export function pemBlocks(text: string, label: PemLabel): Buffer[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(pattern)].map((match) => Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
}

/** PEM text or raw DER bytes → DER; undefined when the text holds no block with that label. */
export function derFrom(input: string | Uint8Array, label: PemLabel): Buffer | undefined {
  if (typeof input !== 'string') {
    const bytes = Buffer.from(input);
    // DER always starts with a SEQUENCE tag; anything else is PEM text passed as bytes.
    if (bytes[0] === 0x30) return bytes;
    return pemBlocks(bytes.toString('utf8'), label)[0];
  }
  return pemBlocks(input, label)[0];
}
