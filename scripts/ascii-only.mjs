// A bundle the CLI compiles on every start is kept to ASCII: decoded as Latin-1 it is a one-byte
// string for V8 (a single non-ASCII character, even in a comment, makes UTF-8 decoding give a
// two-byte string of the whole file: twice the memory, and a slower decode on every run).
// esbuild escapes non-ASCII in strings but keeps it in the comments it preserves; an escape is the
// same character in a string, template or regular expression, and harmless in a comment.
import { readFileSync, writeFileSync } from 'node:fs';

export function escapeNonAscii(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}
