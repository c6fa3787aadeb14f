// Each benchmark owns one section of docs/benchmarks.md, between `<!-- bench:<id> -->` markers,
// so running one benchmark rewrites its own figures and leaves the others as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const file = join(root, 'docs', 'benchmarks.md');
const ORDER = [
  'startup',
  'sdk-throughput',
  'list-memory',
  'hardening',
  'server-throughput',
  'pki-engine',
  'pki-http',
  'dynamic-creds',
  'acme-issuance',
  'tpm-startup',
  'federation',
  'scaikey-tokens',
  'install',
];

export function writeSection(id, lines) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const sections = new Map();
  for (const match of text.matchAll(/<!-- bench:([\w-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->\n?/g)) sections.set(match[1], match[2]);
  // A file from before the markers is the startup section as a whole.
  if (sections.size === 0 && text.trim() !== '') sections.set('startup', text.endsWith('\n') ? text : `${text}\n`);
  sections.set(id, `${lines.join('\n')}\n`);
  const ids = [...ORDER.filter((known) => sections.has(known)), ...[...sections.keys()].filter((other) => !ORDER.includes(other))];
  writeFileSync(file, ids.map((section) => `<!-- bench:${section} -->\n${sections.get(section)}<!-- /bench:${section} -->\n`).join('\n'));
}
