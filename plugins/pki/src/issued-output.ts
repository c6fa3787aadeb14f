// What `certs issue` and `certs sign` do with a certificate the server returned: write it (and the
// key, when there is one) to --out-dir, or print it. A server-made private key is returned only once.
import type { FileSystem, Output } from '@scaivault/core';
import type { IssuedCertificate } from '@scaivault/core/sdk';
import { writeOutputFiles, type OutputFile } from './files/write-files.js';

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function deliverIssued(issued: IssuedCertificate, target: { output: Output; fs: FileSystem; outDir?: string | undefined; force: boolean; stderrIsTTY: boolean }): void {
  const chain = (issued.ca_chain ?? []).map(withNewline).join('');
  const what = `certificate ${issued.id ?? issued.serial_number ?? ''}`.trim();
  const expiry = issued.not_after ? `, valid until ${issued.not_after}` : '';
  if (target.outDir !== undefined) {
    const files: OutputFile[] = [
      { name: 'cert.pem', contents: withNewline(issued.certificate) },
      { name: 'chain.pem', contents: chain },
    ];
    if (issued.private_key) files.push({ name: 'key.pem', contents: withNewline(issued.private_key) });
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
    target.output.warn('the private key below is shown only this once and is not stored by the server: save it now, or use --out-dir next time');
  }
  target.output.raw(withNewline(issued.certificate) + chain + (issued.private_key ? withNewline(issued.private_key) : ''));
  target.output.info(`Issued ${what}${expiry}`);
}
