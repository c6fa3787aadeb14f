// Every certificate, CSR and CRL in the input, described in order. Certificates go through the
// light path (node:crypto + a DER reader); CSRs, CRLs and anything node cannot read load the
// ASN.1 schemas (describe.ts) only when they occur.
import { looksLikeDer, pemBlocks } from '../pem-blocks.js';
import { describeCertificateFast } from './describe-certificate.js';
import type { Described } from './names.js';

export class NotX509Error extends Error {}

async function schemas() {
  return import('./describe.js');
}

export async function describeAll(input: Buffer, now = new Date()): Promise<Described[]> {
  if (looksLikeDer(input)) {
    const fast = safeFast(input, now);
    if (fast) return [fast];
    const { describeCertificate, describeCsr, describeCrl } = await schemas();
    for (const attempt of [() => describeCertificate(input, now), () => describeCsr(input), () => describeCrl(input, now)]) {
      try {
        return [attempt()];
      } catch {
        // not this kind: try the next
      }
    }
    throw new NotX509Error('it is DER but not a certificate, CSR or CRL');
  }
  const blocks = pemBlocks(input.toString('latin1'));
  const described: Described[] = [];
  for (const block of blocks) {
    try {
      if (block.label === 'CERTIFICATE') described.push(safeFast(block.der, now) ?? (await schemas()).describeCertificate(block.der, now));
      else if (block.label === 'CERTIFICATE REQUEST' || block.label === 'NEW CERTIFICATE REQUEST')
        described.push((await schemas()).describeCsr(block.der));
      else if (block.label === 'X509 CRL') described.push((await schemas()).describeCrl(block.der, now));
    } catch {
      throw new NotX509Error(`its ${block.label} block cannot be read`);
    }
  }
  if (described.length === 0) {
    const labels = blocks.map((block) => block.label);
    throw new NotX509Error(
      labels.length > 0 ? `it holds ${labels.join(', ')}, not a certificate, CSR or CRL` : 'it holds no PEM certificate, CSR or CRL',
    );
  }
  return described;
}

function safeFast(der: Buffer, now: Date): Described | undefined {
  try {
    return describeCertificateFast(der, now);
  } catch {
    return undefined;
  }
}
