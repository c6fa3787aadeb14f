// Certificates, CSRs and CRLs may be DER, so inspect and verify read bytes, never UTF-8 text
// (core's readers decode as UTF-8, which would mangle DER).
import type { Readable } from 'node:stream';
import { readInputFile, type FileSystem } from '@scaivault/core';

/** A file's bytes; an unreadable file is exit 5 with core's wording (`cannot read <what>: no such file`). */
export function readBinaryFile(fs: FileSystem, path: string, what: string): Buffer {
  // latin1 maps every byte to one character and back, so core's reader (and its error messages) can be reused.
  // Only readFileSync is delegated: spreading node's fs would read its `promises` getter, which loads
  // fs/promises and readline on every run.
  const latin1 = Object.create(fs, {
    readFileSync: { value: ((file: string) => fs.readFileSync(file, 'latin1')) as FileSystem['readFileSync'] },
  }) as FileSystem;
  return Buffer.from(readInputFile(latin1, path, what), 'latin1');
}

export async function readBinaryStdin(stdin: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
