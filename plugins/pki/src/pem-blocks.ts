// PEM blocks in text: which kinds a file holds and their DER. No ASN.1 here, so commands can
// import it eagerly; parsing lives in the modules they load lazily.

export interface PemBlock {
  label: string;
  der: Buffer;
}

export function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s]*?)-----END \1-----/g)].map((match) => ({
    label: match[1]!,
    der: Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64'),
  }));
}

export function toPem(der: Uint8Array, label: string): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Whether bytes are DER (a SEQUENCE) rather than PEM text. */
export function looksLikeDer(bytes: Uint8Array): boolean {
  return bytes[0] === 0x30;
}
