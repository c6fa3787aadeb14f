// What `certs issue` and `certs sign` do with a certificate the server returned: write it (and the
// key, when there is one) to --out-dir, or print it. A server-made private key is returned only once.
import type { FileSystem, Output } from '@scaivault/core';
import type { IssuedCertificate } from '@scaivault/core/sdk';
import { writeOutputFiles, type OutputFile } from './files/write-files.js';
import { pemBlocks } from './pem-blocks.js';

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export interface DeliveryTarget {
  output: Output;
  fs: FileSystem;
  outDir?: string | undefined;
  force: boolean;
  stderrIsTTY: boolean;
  /** Write bundle.p12 (certificate, chain, key) instead of key.pem. */
  p12Password?: string;
}

function derOf(pem: string): Buffer {
  return pemBlocks(pem).find((block) => block.label === 'CERTIFICATE')?.der ?? Buffer.alloc(0);
}

export async function deliverIssued(issued: IssuedCertificate, target: DeliveryTarget): Promise<void> {
  const chain = (issued.ca_chain ?? []).map(withNewline).join('');
  const what = `certificate ${issued.id ?? issued.serial_number ?? ''}`.trim();
  const expiry = issued.not_after ? `, valid until ${issued.not_after}` : '';
  if (target.outDir !== undefined) {
    const files: OutputFile[] = [
      { name: 'cert.pem', contents: withNewline(issued.certificate) },
      { name: 'chain.pem', contents: chain },
    ];
    if (issued.private_key && target.p12Password !== undefined) {
      const { buildPkcs12 } = await import('./x509/pkcs12.js');
      const bundle = buildPkcs12({
        certificateDer: derOf(issued.certificate),
        chainDer: (issued.ca_chain ?? []).map(derOf),
        privateKeyPem: issued.private_key,
        password: target.p12Password,
      });
      files.push({ name: 'bundle.p12', contents: bundle });
    } else if (issued.private_key) {
      files.push({ name: 'key.pem', contents: withNewline(issued.private_key) });
    }
    const paths = writeOutputFiles(target.fs, target.outDir, files, target.force);
    // The JSON result names the files, never the key itself.
    const { private_key: _omitted, ...rest } = issued;
    target.output.success(`Issued ${what}${expiry}; wrote ${paths.join(', ')}`, { ...rest, files: paths });
    return;
  }
  if (target.output.json || target.output.options.field !== undefined) {
    target.output.object(issued);
    return;
  }
  if (issued.private_key && target.stderrIsTTY) {
    target.output.warn(
      'the private key below is shown only this once and is not stored by the server: save it now, or use --out-dir next time',
    );
  }
  target.output.raw(withNewline(issued.certificate) + chain + (issued.private_key ? withNewline(issued.private_key) : ''));
  target.output.info(`Issued ${what}${expiry}`);
}
