import type { Readable } from 'node:stream';

/** Reads a whole stream (stdin) as UTF-8. */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a credential from stdin: one value, surrounding whitespace and the final newline dropped. */
export async function readCredential(stream: Readable): Promise<string> {
  return (await readAll(stream)).trim();
}
