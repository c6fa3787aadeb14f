// The human rendering of `pki inspect`: one block of aligned lines per item.
import type { Described } from './x509/describe.js';

function line(label: string, value: unknown): string | undefined {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return undefined;
  return `${`${label}:`.padEnd(20)}${Array.isArray(value) ? value.join(', ') : String(value)}`;
}

export function humanView(item: Described): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the described fields differ by kind; each is printed as it is
  const d = item as Record<string, any>;
  const lines: (string | undefined)[] = [];
  if (item.kind === 'certificate') {
    const left = d.expired ? 'expired' : `${d.days_left} days left`;
    lines.push(
      'Certificate',
      line('Subject', d.subject),
      line('DNS names', d.dns_names),
      line('IP addresses', d.ip_addresses),
      line('Issuer', d.issuer),
      line('Serial', d.serial_number),
      line('Valid from', d.not_before),
      line('Valid until', `${d.not_after} (${left})`),
      line('Key', d.key),
      line(
        'CA',
        d.is_ca === undefined ? undefined : d.is_ca ? `yes${d.path_length === undefined ? '' : `, path length ${d.path_length}`}` : 'no',
      ),
      line('Key usage', d.key_usage),
      line('Extended usage', d.extended_key_usage),
      line('SHA-256', d.fingerprint_sha256),
      line('SHA-1', d.fingerprint_sha1),
    );
  } else if (item.kind === 'certificate_request') {
    lines.push(
      'Certificate request',
      line('Subject', d.subject),
      line('DNS names', d.dns_names),
      line('IP addresses', d.ip_addresses),
      line('Key', d.key),
      line('Requested CA', d.is_ca ? 'yes' : undefined),
      line('Key usage', d.key_usage),
      line('Extended usage', d.extended_key_usage),
    );
  } else {
    lines.push(
      'CRL',
      line('Issuer', d.issuer),
      line('CRL number', d.crl_number),
      line('This update', d.this_update),
      line('Next update', `${d.next_update}${d.stale ? ' (stale)' : ''}`),
      line('Revoked', d.revoked.length),
    );
    for (const entry of d.revoked) lines.push(`  ${entry.serial_number}  ${entry.revoked_at}  ${entry.reason}`);
  }
  return `${lines.filter((text) => text !== undefined).join('\n')}\n`;
}
